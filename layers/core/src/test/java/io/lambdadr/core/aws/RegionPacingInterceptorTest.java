package io.lambdadr.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdadr.core.aws.RegionPacingInterceptor.Quota;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionPacingInterceptorTest {

    @ParameterizedTest
    @CsvSource({
            "GetFunction, GET_FUNCTION",
            "GetPolicy, GET_POLICY",
            "GetFunctionConfiguration, CONTROL_PLANE",
            "ListAliases, CONTROL_PLANE",
            "AddPermission, CONTROL_PLANE",
            "GetLayerVersionPolicy, CONTROL_PLANE",
    })
    void quotaOf_givesGetFunctionAndGetPolicyTheirOwnBudgets(String operation, Quota expected) {
        assertThat(RegionPacingInterceptor.quotaOf(operation)).isEqualTo(expected);
    }
}
