package dev.patrol.cli;

/** A failure told to the person as one sentence, with the process's exit code (docs/cli.md). */
class CliException extends RuntimeException {

    /** A refusal or an error of the person's request (the API answered 4xx). */
    static final int REFUSED = 1;
    /** Not signed in, or the session ended: {@code patrol login}. */
    static final int NOT_SIGNED_IN = 3;
    /** The token, or what was named, does not exist. */
    static final int NOT_FOUND = 4;
    /** Patrol or the OIDC provider could not be reached or answered 5xx (sysexits EX_UNAVAILABLE). */
    static final int UNAVAILABLE = 69;

    final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
