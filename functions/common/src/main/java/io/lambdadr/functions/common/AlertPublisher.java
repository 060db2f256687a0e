package io.lambdadr.functions.common;

/** Port: sends alerts to the people who run lambda-dr (the alerts topic). */
public interface AlertPublisher {

    void publish(Alert alert);
}
