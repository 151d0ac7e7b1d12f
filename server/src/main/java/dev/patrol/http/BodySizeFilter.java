package dev.patrol.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses API bodies over 64 KiB with a problem body. (The HTTP layer's own limit, higher, still
 * bounds bodies sent without a length; it answers 413 without a body.)
 */
public class BodySizeFilter {

    static final int MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return Problem.response(413, "Payload too large", "request bodies are limited to 64 KiB");
        }
        return null;
    }
}
