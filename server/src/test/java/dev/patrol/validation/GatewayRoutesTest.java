package dev.patrol.validation;

import java.util.Optional;
import java.util.Set;

import dev.patrol.domain.ScopeCatalogue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayRoutesTest {

    private static final ScopeCatalogue CATALOGUE = new ScopeCatalogue(Set.of("code:read", "code:write"));

    private static GatewayRoutes table(String routes, String defaultScope) {
        return GatewayRoutes.parse(Optional.of(routes), Optional.ofNullable(defaultScope), CATALOGUE);
    }

    private static String scopeFor(GatewayRoutes routes, String method, String uri) {
        return ((GatewayRoutes.Scope) routes.requirementFor(method, uri)).scope();
    }

    @Test
    void firstMatchingRuleNamesTheScope() {
        var routes = table("GET,HEAD /repos/** code:read; POST /repos/** code:write\n* /public/** any", null);
        assertEquals("code:read", scopeFor(routes, "GET", "/repos/acme/app.git/info/refs?service=x"));
        assertEquals("code:read", scopeFor(routes, "head", "/repos"));
        assertEquals("code:write", scopeFor(routes, "POST", "/repos/acme/app.git/git-receive-pack"));
        assertNull(scopeFor(routes, "DELETE", "/public/readme"));
    }

    @Test
    void unmatchedRequestIsDeniedUnlessADefaultScopeIsSet() {
        assertInstanceOf(
                GatewayRoutes.Deny.class, table("GET /repos/** code:read", null).requirementFor("DELETE", "/repos/x"));
        assertEquals("code:write", scopeFor(table("GET /repos/** code:read", "code:write"), "DELETE", "/repos/x"));
    }

    @Test
    void singleStarStaysWithinOneSegment() {
        var routes = table("GET /repos/*/settings code:write", null);
        assertEquals("code:write", scopeFor(routes, "GET", "/repos/app/settings"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/repos/a/b/settings"));
    }

    @Test
    void dotSegmentsAndEscapesCannotSlipPastARule() {
        var routes = table("GET /public/** any; GET /admin/** code:write", null);
        assertEquals("code:write", scopeFor(routes, "GET", "/public/../admin/users"));
        assertEquals("code:write", scopeFor(routes, "GET", "/public/%2e%2e/admin/users"));
        assertEquals("code:write", scopeFor(routes, "GET", "//%61dmin//users"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/../../etc/passwd"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/public/%zz"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/public/%00"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/public/\u0000x"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "/public/a%0d%0aX-Evil:%201"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", "relative"));
    }

    @Test
    void pathsUpstreamsReadDifferentlyAreDenied() {
        var routes = table("GET /public/** any; GET /admin/** code:write", null);
        for (String uri : new String[] {
            "/public/..%2Fadmin/users", // a separator to some upstreams, a name character to others
            "/public/%2e%2e%2fadmin",
            "/public/..%5cadmin",
            "/public/..\\admin", // Windows servers split on it
            "/public/%252e%252e/admin", // decodes to another escape
            "/public;x=1/../admin", // a path parameter Tomcat and Jetty strip
            "/public/..;/admin",
            "/public/a%3Bb"
        }) {
            assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", uri), uri);
        }
        assertNull(scopeFor(routes, "GET", "/public/a?x=%2F;y")); // the query is not the path
    }

    @Test
    void headFollowsGetRules() {
        var routes = table("GET /repos/** code:read; POST /repos/** code:write", null);
        assertEquals("code:read", scopeFor(routes, "HEAD", "/repos/a"));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("OPTIONS", "/repos/a"));
    }

    @Test
    void matchingIsCaseSensitiveAsDocumented() {
        var routes = table("GET /admin/** code:write", "code:read");
        assertEquals("code:write", scopeFor(routes, "GET", "/admin/x"));
        assertEquals("code:read", scopeFor(routes, "GET", "/ADMIN/x"));
    }

    @Test
    void ingressNginxPassesTheWholeUrl() {
        var routes = table("GET /repos/** code:read", null);
        assertEquals(
                "code:read", scopeFor(routes, "GET", GatewayRoutes.pathOfUrl("https://git.example.com/repos/a?x=1")));
        assertInstanceOf(GatewayRoutes.Deny.class, routes.requirementFor("GET", GatewayRoutes.pathOfUrl("not a url")));
        assertEquals("/", GatewayRoutes.pathOfUrl("https://git.example.com"));
    }

    @Test
    void aTypoInTheTableStopsTheStart() {
        var unknownScope = assertThrows(IllegalArgumentException.class, () -> table("GET /x code:raed", null));
        assertTrue(unknownScope.getMessage().contains("code:raed"));
        assertThrows(IllegalArgumentException.class, () -> table("GET code:read", null));
        assertThrows(IllegalArgumentException.class, () -> table("GET /x code:read", "nope"));
    }

    @Test
    void queryScopeMustBeInTheCatalogue() {
        var routes = table("", null);
        assertTrue(routes.isEmpty());
        assertEquals(Optional.of(new GatewayRoutes.Scope(null)), routes.requirementFor("any"));
        assertEquals(Optional.of(new GatewayRoutes.Scope("full_access")), routes.requirementFor("full_access"));
        assertEquals(Optional.empty(), routes.requirementFor("code:read\", error=\"x"));
    }
}
