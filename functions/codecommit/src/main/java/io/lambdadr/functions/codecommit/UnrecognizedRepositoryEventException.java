package io.lambdadr.functions.codecommit;

/** The event is not one CodeCommit sends, or lacks what the flow needs: the message says what. */
final class UnrecognizedRepositoryEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnrecognizedRepositoryEventException(String message) {
        super(message);
    }
}
