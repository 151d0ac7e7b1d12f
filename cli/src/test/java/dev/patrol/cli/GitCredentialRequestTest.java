package dev.patrol.cli;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GitCredentialRequestTest {

    @Test
    void gitsKeyValueLinesAreReadUpToTheBlankLine() throws Exception {
        Map<String, String> r = GitCredential.read(
                new BufferedReader(
                        new StringReader(
                                "protocol=https\nhost=git.example.com:8443\npath=acme/app.git\nwwwauth[]=Basic realm=\"x\"\n\nhost=ignored\n")));
        assertEquals("https", r.get("protocol"));
        assertEquals("git.example.com:8443", r.get("host"));
        assertEquals("acme/app.git", r.get("path"));
        assertEquals("Basic realm=\"x\"", r.get("wwwauth[]"), "the value keeps its = and quotes");
        assertEquals(4, r.size(), "nothing after the blank line");
    }

    @Test
    void theEndOfInputEndsTheRequestAndJunkLinesAreSkipped() throws Exception {
        Map<String, String> r =
                GitCredential.read(new BufferedReader(new StringReader("no equals sign\n=empty key\nhost=h")));
        assertEquals(Map.of("host", "h"), r);
    }

    @Test
    void aHostIsKeyedAsGitNamesIt() {
        assertEquals("http://127.0.0.1:8081", GitCredential.hostKey("http", "127.0.0.1:8081"));
    }
}
