package io.lambdadr.core.config;

/** The configuration is wrong: the message names the setting, what is wrong with it and how to fix it. */
public class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
