package io.lambdadr.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionNamesTest {

    @ParameterizedTest
    @CsvSource({
        "orders, orders",
        "orders:live, orders",
        "123456789012:function:orders, orders",
        "123456789012:function:orders:7, orders",
        "arn:aws:lambda:us-east-1:123456789012:function:orders, orders",
        "arn:aws:lambda:eu-west-1:123456789012:function:my_fn-2:$LATEST, my_fn-2",
        "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders:prod, orders"})
    void nameIn_whenGivenANameOrAnyArnForm_findsTheFunctionName(String identifier, String name) {
        assertThat(FunctionNames.nameIn(identifier)).contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orders/2", "arn:aws:sqs:us-east-1:123456789012:orders",
        "arn:aws:lambda:us-east-1:123456789012:layer:deps:3", "a:b:c:d"})
    void nameIn_whenGivenSomethingElse_findsNothing(String identifier) {
        assertThat(FunctionNames.nameIn(identifier)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "arn:aws:lambda:us-east-1:123456789012:function:orders, us-east-1",
        "arn:aws:lambda:ap-southeast-2:123456789012:function:orders:live, ap-southeast-2"})
    void regionIn_whenGivenAFullArn_findsItsRegion(String arn, String region) {
        assertThat(FunctionNames.regionIn(arn)).contains(region);
    }
}
