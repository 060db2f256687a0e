package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * What a direct upload puts on the wire, through real Lambda clients (one built by {@link AwsClients}) over an HTTP
 * client that records each request body as sent and answers with a canned function ({@link CannedHttpClient}): no
 * network.
 */
class StreamedInlineCodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = """
            {"FunctionName": "orders", "CodeSha256": "abc", "State": "Active", "LastUpdateStatus": "Successful"}""";

    @TempDir
    Path dir;

    private final CannedHttpClient http = CannedHttpClient.answering(FUNCTION);

    private Path packageOf(int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(dir.resolve("code-" + bytes + ".zip"), content);
    }

    private AwsClients clients() {
        return AwsClients.builder().endpoint(URI.create("http://127.0.0.1:1")).httpClient(http).build();
    }

    @Test
    void updateFunctionCode_sendsTheFilesBase64AsZipFile_withTheRightLength() throws Exception {
        // 3n, 3n+1 and 3n+2 bytes: base64 without, with two and with one padding character.
        for (int size : List.of(300_000, 300_001, 300_002)) {
            Path code = packageOf(size);
            try (AwsClients clients = clients()) {
                clients.inlineCode().withFile(code, zip -> clients.lambda("eu-west-1").updateFunctionCode(request ->
                        request.functionName("orders").zipFile(zip).revisionId("rev-1")));
            }
            byte[] sent = http.bodies.getLast();
            JsonNode body = JSON.readTree(sent);
            assertThat(body.get("ZipFile").asText()).isEqualTo(Base64.getEncoder().encodeToString(
                    Files.readAllBytes(code)));
            assertThat(body.get("RevisionId").asText()).isEqualTo("rev-1");
            assertThat(http.contentLengths.getLast()).isEqualTo(Integer.toString(sent.length));
        }
    }

    @Test
    void createFunction_sendsTheFileAsCodeZipFile_besideTheRestOfTheRequest() throws Exception {
        Path code = packageOf(70_000);
        try (AwsClients clients = clients()) {
            clients.inlineCode().withFile(code, zip -> clients.lambda("eu-west-1").createFunction(request -> request
                    .functionName("orders").runtime(Runtime.JAVA21).handler("app.Handler")
                    .role("arn:aws:iam::123456789012:role/orders").code(c -> c.zipFile(zip))));
        }
        JsonNode body = JSON.readTree(http.bodies.getLast());
        assertThat(body.at("/Code/ZipFile").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(Files.readAllBytes(code)));
        assertThat(body.get("FunctionName").asText()).isEqualTo("orders");
        assertThat(body.get("Handler").asText()).isEqualTo("app.Handler");
    }

    @Test
    void anOrdinaryZipFile_isSentAsTheSdkMarshalledIt() throws Exception {
        byte[] small = "not a placeholder".getBytes(StandardCharsets.UTF_8);
        try (AwsClients clients = clients()) {
            clients.lambda("eu-west-1").updateFunctionCode(request -> request.functionName("orders")
                    .zipFile(SdkBytes.fromByteArray(small)));
        }
        assertThat(JSON.readTree(http.bodies.getLast()).get("ZipFile").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(small));
    }

    @Test
    void aClientWithoutTheInterceptor_isRefused_ratherThanTakenForHavingSentThePackage() throws Exception {
        Path code = packageOf(1_000);
        StreamedInlineCode inlineCode = new StreamedInlineCode();
        try (LambdaClient plain = LambdaClient.builder().region(Region.EU_WEST_1).httpClient(http)
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
                .overrideConfiguration(ClientOverrideConfiguration.builder().build()).build()) {
            assertThatThrownBy(() -> inlineCode.withFile(code, zip -> plain.updateFunctionCode(request -> request
                    .functionName("orders").zipFile(zip))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not send the package from " + code);
        }
    }
}
