package dev.patrol.validation;

/** Thrown when a credential cannot be judged (database down, nothing cached, load shed): 503 or 429. */
public class ValidationUnavailableException extends RuntimeException {

    private final transient Validation.Unavailable unavailable;

    public ValidationUnavailableException(Validation.Unavailable unavailable) {
        super("credential validation is temporarily unavailable", null, false, false);
        this.unavailable = unavailable;
    }

    public Validation.Unavailable unavailable() {
        return unavailable;
    }
}
