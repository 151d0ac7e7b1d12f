package dev.patrol.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Patrol's own settings ({@code patrol.*}, env {@code PATROL_*}). */
@ConfigMapping(prefix = "patrol")
public interface PatrolConfig {

    Tokens tokens();

    Topics topics();

    Write write();

    Projection projection();

    Identity identity();

    Cache cache();

    Validation validation();

    Gateway gateway();

    Network network();

    Signing signing();

    Introspection introspection();

    Jwt jwt();

    Leaks leaks();

    Notices notices();

    Mail mail();

    Ui ui();

    Cli cli();

    Bench bench();

    /** Measuring instruments for bench/ (BENCHMARKS.md); off in every profile unless set. */
    interface Bench {
        /**
         * Serves {@code GET /bench/select/{tokenId}} (one {@code SELECT} of {@code rm_token} by primary
         * key) and {@code GET /bench/lookup/{secretHash}} (validation's own query), through the
         * validation's pool and deadline, 200 or 404: what an uncached {@code /auth/check} is measured
         * against (health.ReferenceSelectRoute). They answer any caller: never in production.
         */
        @WithDefault("false")
        boolean referenceRoute();
    }

    /**
     * What the command line ({@code patrol login}) is told to sign in with: a public OIDC client of
     * the same provider (docs/cli.md). Served at {@code /.well-known/patrol-cli}.
     */
    interface Cli {
        /** The OIDC issuer the CLI signs in with; unset, the service's own ({@code quarkus.oidc.auth-server-url}). */
        Optional<String> issuer();

        /**
         * The provider's client id for the CLI, registered as a public native client (RFC 8252:
         * loopback redirect {@code http://127.0.0.1/}, PKCE, refresh tokens, device grant if offered).
         * Unset, the CLI is not offered a login (the endpoint answers 404).
         */
        Optional<String> clientId();

        /**
         * A client secret to send with the CLI's token requests, for providers that insist on one
         * for every client (the dev provider). Not a secret: every copy of the CLI receives it
         * (RFC 8252 section 8.5), so never set it to a confidential client's secret.
         */
        Optional<String> publicClientSecret();

        /** The scopes the CLI asks for; {@code offline_access} brings a refresh token from most providers. */
        @WithDefault("openid profile offline_access")
        String scope();
    }

    /** Patrol's pages, as links in notices point to them. */
    interface Ui {
        /** Base URL people open Patrol at (e.g. https://patrol.example.com); links in mail are built on it. */
        Optional<String> baseUrl();

        /**
         * Whether the web pages ({@code /ui}) are served: they need the OIDC client's secret and a
         * state secret for the authorization code flow (docs/web-ui.md). Off unless set; on in dev and test.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Whether the pages' CSRF cookie is {@code __Host-} and {@code Secure} (it then reaches Patrol
         * only over https). Off in dev only, where {@code ./run-local} serves plain http.
         */
        @WithDefault("true")
        boolean secureCookies();
    }

    /** E-mail delivery of notices (docs/notices.md). Off unless {@code from} is set. */
    interface Mail {
        /** Sender address; unset: no mail is sent. */
        Optional<String> from();

        /** The SMTP server. */
        Smtp smtp();

        interface Smtp {
            /** Host name of the SMTP server. */
            @WithDefault("localhost")
            String host();

            /** Its port (587 for submission with STARTTLS, 465 for implicit TLS, 25 for a relay). */
            @WithDefault("587")
            int port();

            /** STARTTLS: DISABLED, OPTIONAL or REQUIRED. */
            @WithDefault("REQUIRED")
            String startTls();

            /** Implicit TLS from the first byte (port 465). */
            @WithDefault("false")
            boolean tls();

            /** User name, when the server wants one (from a Secret). */
            Optional<String> username();

            /** Password (from a Secret). */
            Optional<String> password();
        }

        /** How often pending mail is looked for. */
        @WithDefault("PT2S")
        Duration pollInterval();

        /** Attempts before a mail is given up (counted in patrol_notice_mails_failed_total). */
        @WithDefault("10")
        int maxAttempts();

        /** Wait before the first retry; it doubles with each attempt, up to an hour. */
        @WithDefault("PT5S")
        Duration firstRetry();

        /** Deadline of one SMTP delivery. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    /** Notices to token owners (docs/notices.md). */
    interface Notices {
        /** Whether this instance scans for expiring tokens and publishes notices. */
        @WithDefault("true")
        boolean enabled();

        /** How long before expiry owners are told, largest first. */
        @WithDefault("P30D,P7D,P1D")
        List<Duration> expiringBefore();

        /** How often the scheduler looks for tokens that crossed a threshold. */
        @WithDefault("PT1M")
        Duration scanInterval();

        /**
         * A notice whose moment passed longer ago than this is not sent (a scheduler that was down for
         * weeks, or a first start over old tokens, does not flood anyone).
         */
        @WithDefault("P1D")
        Duration lateLimit();
    }

    /** Leak reports from secret scanners ({@code POST /api/v1/leaks}, docs/leaks.md). */
    interface Leaks {
        /** Reports one client (by address, behind trusted proxies) may send per window; more answer 429. */
        @WithDefault("30")
        int reportsPerWindow();

        /** The rate limit's window. */
        @WithDefault("PT1M")
        Duration window();

        /** Most candidate tokens in one report. */
        @WithDefault("100")
        int maxTokensPerReport();
    }

    interface Introspection {
        /**
         * Resource servers that introspect with a client id and secret ({@code client_secret_basic}
         * or {@code client_secret_post}): entries separated by {@code ;} or newlines, {@code id
         * secret=sha256:HEX [secret=sha256:HEX] [organizations=a,b] [scopes=x,y]}. Only SHA-256
         * hashes of the secrets; a second {@code secret=} during a rotation. See docs/introspection.md.
         */
        Optional<String> clients();

        /**
         * Patrol's public base URL (e.g. {@code https://patrol.example.com}): the RFC 8414 issuer and
         * the {@code iss} of every introspection answer. Unset, {@code patrol.ui.base-url} is used;
         * the packaged application needs one of them (never the request's Host header, which a
         * client writes). Dev and test, with neither, take it from the request.
         */
        Optional<String> issuer();
    }

    /**
     * Short-lived signed JWTs that {@code /auth/check?jwt=AUDIENCE} hands the gateway to forward in
     * place of the PAT (the phantom token): services verify them locally with the keys published at
     * {@code /.well-known/jwks.json} (docs/protecting-an-api.md, "Verify locally").
     */
    interface Jwt {
        /**
         * A JWK Set (JSON) of EC P-256 keys, each with a {@code kid}. Private keys can sign; every key
         * is published (its public part). During a rotation the set holds both keys; a retired key stays
         * in it, public only, until the last JWT it signed has expired. From a Secret. Unset: no JWT is
         * minted and the published set is empty.
         */
        Optional<String> keys();

        /** {@code kid} of the private key of {@link #keys()} that signs. */
        Optional<String> signingKeyId();

        /**
         * Audiences a gateway may ask JWTs for ({@code aud}): one per protected service, e.g.
         * {@code orders-api}. Any other is refused (400), so that no caller obtains a JWT for a service
         * the deployment did not name.
         */
        Optional<List<String>> audiences();

        /** Longest life of a JWT; never past the PAT's own expiry. Revocation takes effect in a service within it. */
        @WithDefault("PT60S")
        Duration lifetime();
    }

    /** HMAC keys of the events topic (docs/security.md): who can write the topic cannot mint tokens. */
    interface Signing {
        /**
         * Comma-separated {@code id:base64key[:notAfter]} (keys of at least 32 bytes). Every key
         * verifies; a retired key's {@code notAfter} refuses records the broker stamped later. From a
         * Secret in production; required there.
         */
        Optional<List<String>> keys();

        /** Id of the key that signs what this instance writes (not a retired one). */
        Optional<String> keyId();
    }

    interface Network {
        /**
         * Proxies (IP addresses or CIDR ranges, e.g. the ingress controller's pod range) whose
         * {@code X-Forwarded-For} / {@code X-Real-IP} name the client. Headers from any other peer
         * are ignored. Unset: no proxy is trusted, the peer address is the client.
         */
        Optional<List<String>> trustedProxies();
    }

    interface Gateway {
        /**
         * Route table of {@code /auth/check} for gateways that pass {@code X-Original-Method} and
         * {@code X-Original-URI} (nginx {@code auth_request}, ingress-nginx {@code auth-url}): one
         * rule per line or {@code ;}, {@code METHODS /path/pattern scope}, first match wins, e.g.
         * {@code GET,HEAD /repos/** code:read; POST /repos/** code:write}. See docs/gateway.md.
         */
        Optional<String> routes();

        /**
         * Scope for original requests that no route matches ({@code any}: authentication only).
         * Unset: such requests are denied.
         */
        Optional<String> defaultScope();

        /**
         * The one request header that carries the original URI: {@code X-Original-URI} (nginx
         * {@code auth_request}, configured as docs/gateway.md shows) or {@code X-Original-URL}
         * (ingress-nginx, which sends the whole URL). Gateways pass the client's other headers
         * through, so a request that also carries another original-URI header, or this one twice, is
         * denied: the client may have written it.
         */
        @WithDefault("X-Original-URI")
        String uriHeader();
    }

    interface Cache {
        /** Whether validation results are cached in the instance (the edge cache). */
        @WithDefault("true")
        boolean enabled();

        /** Most entries (valid tokens) kept. */
        @WithDefault("100000")
        long maximumSize();

        /**
         * How long a cached validation is trusted without hearing a broadcast: the bound on
         * staleness when a broadcast is lost.
         */
        @WithDefault("PT60S")
        Duration ttl();

        /** How long "no such token" is remembered (bounds database load from garbage credentials). */
        @WithDefault("PT5S")
        Duration negativeTtl();

        /** How long a dead secret (revoked, replaced) is remembered as dead without asking the database. */
        @WithDefault("PT24H")
        Duration tombstoneTtl();

        /**
         * How long the invalidation listener may go without confirming that it has read every
         * broadcast published (it asks the broker for the newest offsets about every second). Past
         * it (Kafka unreachable, the listener stuck or far behind) the instance serves nothing from
         * its cache and reads PostgreSQL, until it has caught up again: an instance cut from Kafka
         * accepts a token revoked elsewhere at most this long after its last confirmation, which
         * came before the cut (the cache checks the deadline on every lookup).
         */
        @WithDefault("PT5S")
        Duration maxUnconfirmed();
    }

    interface Validation {
        /** Realm named in the Basic challenge. */
        @WithDefault("patrol")
        String realm();

        /** Longest Authorization header accepted; longer ones are refused without parsing. */
        @WithDefault("1024")
        int maxAuthorizationLength();

        /** Role an OIDC client needs to call the introspection endpoint. */
        @WithDefault("introspect")
        String introspectionRole();

        /**
         * How long after a self-rotation the old secret coming back revokes the whole token (reuse
         * detection). After that, or after an owner's regeneration, the old secret is simply refused.
         */
        @WithDefault("P30D")
        Duration reuseDetectionWindow();

        /** Shortest interval between two last-use writes of one token. */
        @WithDefault("PT60S")
        Duration lastUseInterval();

        /**
         * Database lookups of validation (cache misses of distinct secrets) in flight on one
         * instance; beyond it a miss is answered 503 with Retry-After at once. Load shedding: a
         * flood of random well-formed tokens costs the database at most this.
         */
        @WithDefault("64")
        int maxLookups();

        /**
         * Of {@link #maxLookups()}, how many one client address may hold (resolved through
         * {@code patrol.network.trusted-proxies}); beyond it 429 with Retry-After. Keeps one flooding
         * client from taking the lookups of everyone else.
         */
        @WithDefault("32")
        int maxLookupsPerClient();
    }

    interface Tokens {
        /** Prefix of every token, so scanners can recognise Patrol tokens. Letters and digits only. */
        @WithDefault("ptl")
        String prefix();

        /** Lifetime of a token created without an expiry. */
        @WithDefault("P30D")
        Duration defaultLifetime();

        /** Longest lifetime a token may have from the moment it is created or its expiry changed. */
        @WithDefault("P365D")
        Duration maxLifetime();

        /** Longest token name, in characters. */
        @WithDefault("100")
        int maxNameLength();

        /** The scope catalogue; {@code full_access} is always added. manage implies write implies read. */
        @WithDefault("work_items:read,work_items:write,work_items:manage,code:read,code:write,code:manage,"
                + "build:read,build:execute,release:read,release:write,release:manage,packaging:read,"
                + "packaging:write,packaging:manage,tokens:rotate-self")
        List<String> scopes();
    }

    interface Topics {
        /** The token events topic: Patrol's source of truth (key = token id). */
        Topic events();

        /** The revocation broadcast (CloudEvents, documented in docs/invalidations.md). */
        Topic invalidations();

        /** Records of the events topic Patrol will not apply, with the reason (docs/operations.md). */
        Topic deadLetters();

        /** Governance policy changes (key = policy scope); every instance reads all of it. */
        Topic policies();

        /** Identity lifecycle CloudEvents from the identity provider (docs/identity.md). */
        Topic identity();

        /** Notices for token owners: expiry and security notices as CloudEvents (docs/notices.md). */
        Topic notices();

        /**
         * Whether Patrol starts although a topic's {@code min.insync.replicas} is below 2, so that a
         * record Kafka acknowledged can be lost with one broker: for a single-broker Kafka (dev, tests,
         * a demo). Otherwise Patrol refuses to start and names the topic and the setting.
         */
        @WithDefault("false")
        boolean allowUnsafeReplication();

        /** Replication factor of a topic Patrol creates, unless the topic sets its own. */
        @WithDefault("3")
        short replicationFactor();

        /**
         * {@code min.insync.replicas} of a topic Patrol creates, unless the topic sets its own. With the
         * producers' {@code acks=all}, 2 keeps an acknowledged record through one broker's loss.
         */
        @WithDefault("2")
        int minInsyncReplicas();
    }

    interface Topic {
        /** Topic name. */
        String name();

        /** Partitions when Patrol creates the topic (spread projection work across instances). */
        @WithDefault("6")
        int partitions();

        /** Replication factor when Patrol creates the topic; {@code patrol.topics.replication-factor} when unset. */
        Optional<Short> replicationFactor();

        /** {@code min.insync.replicas} when Patrol creates the topic; {@code patrol.topics.min-insync-replicas} when unset. */
        Optional<Integer> minInsyncReplicas();

        /** {@code retention.ms} when Patrol creates the topic; -1 keeps records forever. */
        @WithDefault("-1")
        long retentionMs();
    }

    interface Write {
        /**
         * How long a command waits for the projector to apply or reject its event before the call
         * answers 503 with the event id (never a false success).
         */
        @WithDefault("5S")
        Duration projectionTimeout();

        /**
         * How long a command waits for Kafka to acknowledge its event; past it the call answers 503
         * with the event id (the producer may still deliver it: the outcome is unknown, not failed).
         */
        @WithDefault("5S")
        Duration appendTimeout();
    }

    interface Projection {
        /** Consumer group of the projector; all instances share it so partitions spread among them. */
        @WithDefault("patrol-projector")
        String groupId();

        /**
         * How long the broker holds a fetch that finds no new data. A record arriving meanwhile answers
         * it at once, so a shorter wait does not project sooner: it only makes an idle projector ask
         * more often (at 20 ms, ~2% of a core per idle instance; a create's wait for its projection was
         * the same, BENCHMARKS.md "An idle instance's CPU").
         */
        @WithDefault("PT0.5S")
        Duration fetchMaxWait();

        /** Records folded per transaction at most. */
        @WithDefault("500")
        int maxPollRecords();

        /**
         * How long Kafka waits for a silent projector (a crashed instance) before giving its
         * partitions to the others. Until then, commands on those partitions cannot be confirmed.
         * 6 s is the smallest value brokers accept by default ({@code group.min.session.timeout.ms}).
         */
        @WithDefault("PT6S")
        Duration sessionTimeout();

        /** How often a projector tells Kafka it is alive; well under the session timeout. */
        @WithDefault("PT1S")
        Duration heartbeatInterval();
    }

    interface Identity {
        /** OIDC role of administrators (anyone's tokens, policies, quarantine, rebuild). */
        @WithDefault("admin")
        String adminRole();

        /**
         * Prefix of the OIDC roles that make someone an administrator of one organization: a role
         * {@code org-admin:acme} lets its holder audit the tokens of acme (and the all-organizations
         * tokens of acme's members), and nothing else an administrator may do.
         */
        @WithDefault("org-admin:")
        String organizationAdminRolePrefix();

        /**
         * Accept OIDC access tokens whatever their {@code aud}. Unsafe: any application of the same
         * realm could then act for its users here. Without it the packaged application refuses to
         * start unless {@code quarkus.oidc.token.audience} is set.
         */
        @WithDefault("false")
        boolean unsafeAcceptAnyAudience();

        /** OIDC claim listing the caller's organizations (array or comma-separated string). */
        @WithDefault("orgs")
        String organizationsClaim();

        /**
         * Organizations per subject for providers that cannot emit the claim (the dev OIDC provider).
         * Used only when the token carries no such claim. Empty in production by default.
         */
        Map<String, List<String>> fallbackOrganizations();
    }
}
