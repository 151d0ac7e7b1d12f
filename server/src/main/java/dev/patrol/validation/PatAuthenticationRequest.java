package dev.patrol.validation;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A PAT presented for authentication (null secret: presented but unusable). */
public class PatAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public PatAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "PatAuthenticationRequest[secret=<redacted>]"; // never let a secret reach a log line
    }
}
