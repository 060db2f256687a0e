package io.lambdadr.core.domain;

import java.util.List;

/**
 * A function URL of the function or of one of its aliases: its settings, and its address, which is the region's own
 * (a URL cannot keep its host name across regions) and so is never compared.
 *
 * @param url        the address Lambda gave it, or null before it exists
 * @param authType   {@code NONE} or {@code AWS_IAM}
 * @param cors       its CORS settings, or null for none
 * @param invokeMode {@code BUFFERED} or {@code RESPONSE_STREAM}, or null for Lambda's default
 */
public record FunctionUrl(String url, String authType, Cors cors, String invokeMode) {

    /** CORS settings as Lambda keeps them. */
    public record Cors(Boolean allowCredentials, List<String> allowHeaders, List<String> allowMethods,
                       List<String> allowOrigins, List<String> exposeHeaders, Integer maxAge) {

        public Cors {
            allowHeaders = allowHeaders == null ? List.of() : List.copyOf(allowHeaders);
            allowMethods = allowMethods == null ? List.of() : List.copyOf(allowMethods);
            allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
            exposeHeaders = exposeHeaders == null ? List.of() : List.copyOf(exposeHeaders);
        }
    }

    /** Whether both have the same settings, whatever their addresses. */
    public boolean sameSettingsAs(FunctionUrl other) {
        return other != null && authType.equals(other.authType) && java.util.Objects.equals(cors, other.cors)
                && java.util.Objects.equals(invokeModeOrDefault(), other.invokeModeOrDefault());
    }

    private String invokeModeOrDefault() {
        return invokeMode == null ? "BUFFERED" : invokeMode;
    }

    /** How its settings read in a report. */
    public String describe() {
        return "auth " + authType + ", invoke mode " + invokeModeOrDefault() + (cors == null ? "" : ", CORS origins "
                + cors.allowOrigins());
    }
}
