package dev.patrol.validation;

/** Thrown when a credential cannot be judged (database down, nothing cached): answered 503. */
public class ValidationUnavailableException extends RuntimeException {

    public ValidationUnavailableException() {
        super("credential validation is temporarily unavailable", null, false, false);
    }
}
