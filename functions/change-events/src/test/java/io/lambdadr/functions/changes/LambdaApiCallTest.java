package io.lambdadr.functions.changes;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading CloudTrail records of Lambda calls, as EventBridge delivers them. */
class LambdaApiCallTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cloudtrail/update-function-code.json, UpdateFunctionCode, orders, 2026-11-22T20:34:25Z",
            "cloudtrail/update-function-configuration.json, UpdateFunctionConfiguration, orders, "
                    + "2026-11-22T20:34:28Z",
            "cloudtrail/publish-version.json, PublishVersion, orders, 2026-11-22T20:34:31Z",
            "cloudtrail/create-alias.json, CreateAlias, orders, 2026-11-22T20:34:33Z",
            "cloudtrail/update-alias.json, UpdateAlias, orders, 2026-11-22T20:34:35Z",
            "cloudtrail/delete-alias.json, DeleteAlias, orders, 2026-11-22T20:41:02Z",
            "cloudtrail/put-function-concurrency.json, PutFunctionConcurrency, orders, 2026-11-22T20:45:10Z",
            "cloudtrail/delete-function-concurrency.json, DeleteFunctionConcurrency, orders, 2026-11-22T20:47:44Z",
            "cloudtrail/put-provisioned-concurrency-config.json, PutProvisionedConcurrencyConfig, orders, "
                    + "2026-11-22T20:46:20Z",
            "cloudtrail/add-permission.json, AddPermission, orders, 2026-11-22T20:45:10Z",
            "cloudtrail/remove-permission.json, RemovePermission, orders, 2026-11-22T20:45:10Z",
            "cloudtrail/create-function.json, CreateFunction, billing, 2026-11-22T20:50:12Z",
            "cloudtrail/tag-resource.json, TagResource, billing, 2026-11-22T20:52:40Z",
            "cloudtrail/untag-resource.json, UntagResource, billing, 2026-11-22T20:53:05Z",
            "cloudtrail/create-event-source-mapping.json, CreateEventSourceMapping, orders, 2026-11-22T20:55:31Z",
            "cloudtrail/update-event-source-mapping.json, UpdateEventSourceMapping, orders, 2026-11-22T20:58:02Z",
    })
    void from_whenTheCallChangesAFunction_readsTheOperationFunctionRegionAndTime(String fixture, String operation,
                                                                                String function, String time) {
        LambdaApiCall call = LambdaApiCall.from(EventLoader.loadScheduledEvent(fixture));

        assertThat(call.change()).contains(operation);
        assertThat(call.function()).contains(function);
        assertThat(call.region()).isEqualTo("us-east-1");
        assertThat(call.eventTime()).isEqualTo(Instant.parse(time));
        assertThat(call.errorCode()).isNull();
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-function-code-failed.json", type = ScheduledEvent.class)
    void from_whenTheCallFailed_readsItsErrorCode(ScheduledEvent event) {
        LambdaApiCall call = LambdaApiCall.from(event);

        assertThat(call.errorCode()).isEqualTo("ResourceConflictException");
        assertThat(call.change()).contains("UpdateFunctionCode");
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/malformed-no-request-parameters.json", type = ScheduledEvent.class)
    void from_whenTheParametersAreMissing_namesTheFieldTheFunctionShouldBeIn(ScheduledEvent event) {
        LambdaApiCall call = LambdaApiCall.from(event);

        assertThat(call.function()).isEmpty();
        assertThat(call.functionField()).isEqualTo("detail.requestParameters.functionName");
    }

    @ParameterizedTest
    @Event(value = "cloudtrail/update-event-source-mapping.json", type = ScheduledEvent.class)
    void from_whenAMappingIsUpdated_takesTheFunctionFromTheAnswer(ScheduledEvent event) {
        LambdaApiCall call = LambdaApiCall.from(event);

        assertThat(call.functionReference()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders:live");
        assertThat(call.functionField()).isEqualTo("detail.responseElements.functionArn");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudtrail/negative-get-function.json", "cloudtrail/negative-s3-put-bucket-policy.json"})
    void from_whenTheCallChangesNothingReplicated_findsNoChange(String fixture) {
        assertThat(LambdaApiCall.from(EventLoader.loadScheduledEvent(fixture)).change()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "UpdateFunctionCode20150331v2, UpdateFunctionCode",
            "UpdateFunctionConfiguration20150331v2, UpdateFunctionConfiguration",
            "TagResource20170331v2, TagResource",
            "CreateFunction, CreateFunction",
            "AddPermission20150331v2, AddPermission",
            "RemovePermission20150331v2, RemovePermission",
            "PutFunctionEventInvokeConfig20190925, PutFunctionEventInvokeConfig",
            "CreateFunctionUrlConfig20211031, CreateFunctionUrlConfig",
            "PutFunctionRecursionConfig, PutFunctionRecursionConfig",
            "PutRuntimeManagementConfig20210720, PutRuntimeManagementConfig",
            "DeleteFunctionCodeSigningConfig20200630, DeleteFunctionCodeSigningConfig",
    })
    void changeNamed_whenTheNameIsAnOperationWithAnApiDate_findsTheOperation(String eventName, String operation) {
        assertThat(LambdaApiCall.changeNamed(eventName)).contains(operation);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CreateFunctionUrlConfigs20211031", "DeleteFunctionEventInvokeConfig20190925",
            "GetFunction20150331v2", "DeleteFunction20150331", "AddLayerVersionPermission20181031"})
    void changeNamed_whenTheNameOnlyStartsLikeAReplicatedOperation_findsNone(String eventName) {
        assertThat(LambdaApiCall.changeNamed(eventName)).isEmpty();
    }
}
