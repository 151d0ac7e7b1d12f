package dev.patrol.validation;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Networks;
import dev.patrol.domain.Policies;
import dev.patrol.domain.PolicyRules;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.edge.EdgeCache;
import dev.patrol.edge.ValidToken;
import dev.patrol.policy.PolicyLog;
import dev.patrol.repository.SecretLookups;
import dev.patrol.repository.TokenQueries;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * The read path: syntax and checksum first (a malformed token never reaches cache or database),
 * then the hash against the edge cache, then the read model. Expiry is judged now, at every call.
 * Fails closed: if the answer cannot be known it is {@link Validation.Unavailable}, never valid.
 */
@ApplicationScoped
public class PatValidator {

    private static final Logger LOG = Logger.getLogger(PatValidator.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    EdgeCache cache;

    @Inject
    SecretLookups secrets;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    ReuseRevocation reuseRevocation;

    @Inject
    PolicyLog policyLog;

    @Inject
    TokenQueries queries;

    @Inject
    LastUseRecorder uses;

    private final Map<String, Uni<Validation>> inFlight = new ConcurrentHashMap<>();
    private final Counter lookups;
    private final Counter shedForClient;
    private final Counter shedForInstance;
    private final LookupBudget budget;

    @Inject
    public PatValidator(MeterRegistry registry, PatrolConfig config) {
        lookups = registry.counter("patrol.validation.lookups");
        shedForClient = registry.counter("patrol.validation.shed", "bound", "client");
        shedForInstance = registry.counter("patrol.validation.shed", "bound", "instance");
        budget = new LookupBudget(
                config.validation().maxLookups(), config.validation().maxLookupsPerClient());
        // A lookup outlives a client that went away (others may share it): this shows what holds the bounds.
        registry.gauge("patrol.validation.lookups.in.flight", budget, LookupBudget::inFlight);
    }

    /**
     * Judges {@code secret} presented by {@code presenter}, from its address; {@code presenter} is
     * recorded if presenting it revokes the token.
     */
    public Uni<Validation> validate(String secret, Presenter presenter) {
        return validate(secret, presenter, presenter.clientIp());
    }

    /**
     * Judges {@code secret} as used from {@code usedFrom}: the address a token bound to networks must
     * be used from (null: unknown, and such a token is refused). Introspection judges the address the
     * resource server reports, not its own.
     */
    public Uni<Validation> validate(String secret, Presenter presenter, String usedFrom) {
        if (!TokenSecrets.isWellFormed(secret, config.tokens().prefix())) {
            return refused(Validation.Refusal.MALFORMED);
        }
        String hash = TokenSecrets.hash(secret);
        Uni<Validation> known = fromMemory(hash, presenter, usedFrom);
        if (known != null) {
            return known;
        }
        // Concurrent misses of one secret (a thousand CI jobs starting with a new token) share one
        // lookup; its answer is cached before it completes, so later calls hit the cache. Joining a
        // lookup in flight costs the database nothing, so only a new one needs the budget.
        Uni<Validation> shared = inFlight.get(hash);
        if (shared != null) {
            return shared.map(v -> fromNetwork(v, presenter, usedFrom)); // the lookup is shared, not the address
        }
        // A lookup of this secret may have ended since the cache was read above: it cached its answer
        // before it left inFlight, so a second read finds it instead of asking the database again.
        known = fromMemory(hash, presenter, usedFrom);
        if (known != null) {
            return known;
        }
        String client = ClientAddress.bucket(presenter.clientIp());
        LookupBudget.Refusal refusal = budget.admit(client);
        if (refusal != null) {
            return Uni.createFrom().item(shed(refusal));
        }
        boolean[] started = {false};
        Uni<Validation> lookup = inFlight.computeIfAbsent(hash, h -> {
            started[0] = true;
            return lookup(h, presenter)
                    .onTermination()
                    .invoke(() -> {
                        inFlight.remove(h);
                        budget.release(client);
                    })
                    .memoize()
                    .indefinitely();
        });
        if (!started[0]) {
            budget.release(client); // another request started this lookup meanwhile
        }
        return lookup.map(v -> fromNetwork(v, presenter, usedFrom));
    }

    /** The answer the edge cache holds for {@code hash} (a dead, valid or unknown secret); null: none. */
    private Uni<Validation> fromMemory(String hash, Presenter presenter, String usedFrom) {
        EdgeCache.Death death = cache.tombstone(hash);
        if (death != null) {
            return death == EdgeCache.Death.REPLACED
                    ? deadSecret(hash, presenter)
                            .onFailure()
                            .recoverWithItem(new Validation.Refused(Validation.Refusal.REPLACED))
                    : refused(Validation.Refusal.REVOKED);
        }
        ValidToken cached = cache.valid(hash);
        if (cached != null) {
            return Uni.createFrom().item(fromNetwork(judge(cached), presenter, usedFrom));
        }
        if (cache.knownUnknown(hash)) {
            return refused(Validation.Refusal.UNKNOWN);
        }
        return null;
    }

    /**
     * A valid token used from outside its networks, or the global policy's, is refused, and the
     * refusal kept for its owner; anything else stands.
     */
    private Validation fromNetwork(Validation v, Presenter presenter, String usedFrom) {
        if (!(v instanceof Validation.Valid valid)) {
            return v;
        }
        if (!valid.token().networks().allows(usedFrom)) {
            uses.refused(valid.token().tokenId(), usedFrom, presenter.userAgent(), "network");
            return new Validation.Refused(Validation.Refusal.NETWORK);
        }
        Policies policies = policyLog.current();
        if (policies != null && !policies.globalNetworks().allows(usedFrom)) {
            uses.refused(valid.token().tokenId(), usedFrom, presenter.userAgent(), "policy-network");
            return new Validation.Refused(Validation.Refusal.NETWORK, "global");
        }
        return v;
    }

    /**
     * The token whose current secret {@code secret} is, for callers that are not authenticated by it
     * (RFC 7009 revocation, leak reports): held to the same lookup budget as validation, per client,
     * and answered from memory when the edge cache knows the secret is dead or unknown. Never caches
     * an unknown answer itself: a rotated-away secret must still reach reuse detection on validation.
     */
    public Uni<NamedSecret> lookUpNamed(String secret, Presenter presenter) {
        if (!TokenSecrets.isWellFormed(secret, config.tokens().prefix())) {
            return Uni.createFrom().item(new NamedSecret.Nothing());
        }
        String hash = TokenSecrets.hash(secret);
        if (cache.tombstone(hash) != null || cache.knownUnknown(hash)) {
            return Uni.createFrom().item(new NamedSecret.Nothing());
        }
        String client = ClientAddress.bucket(presenter.clientIp());
        LookupBudget.Refusal refusal = budget.admit(client);
        if (refusal != null) {
            return Uni.createFrom().item(new NamedSecret.Shed(shed(refusal)));
        }
        lookups.increment();
        return queries.findBySecretHash(hash)
                .<NamedSecret>map(
                        found -> found.<NamedSecret>map(NamedSecret.Found::new).orElseGet(NamedSecret.Nothing::new))
                .onTermination()
                .invoke(() -> budget.release(client));
    }

    private Validation.Unavailable shed(LookupBudget.Refusal refusal) {
        (refusal == LookupBudget.Refusal.CLIENT ? shedForClient : shedForInstance).increment();
        return new Validation.Unavailable(
                refusal == LookupBudget.Refusal.CLIENT ? Validation.Shed.CLIENT : Validation.Shed.INSTANCE);
    }

    /**
     * The token {@code secret} names if memory alone says it is usable now from the address
     * {@code usedFrom} gives (asked only when the token or the global policy names networks): cached,
     * not dead, not expired, no policy against it, inside its networks and the global policy's; null when anything else holds — then {@link #validate} decides.
     * Never touches the database: callable on the event loop and cheap enough to try first.
     */
    public ValidToken usableFromCache(String secret, Supplier<String> usedFrom) {
        if (!TokenSecrets.isWellFormed(secret, config.tokens().prefix())) {
            return null;
        }
        String hash = TokenSecrets.hash(secret);
        ValidToken cached = cache.tombstone(hash) == null ? cache.valid(hash) : null;
        if (cached == null || !(judge(cached) instanceof Validation.Valid)) {
            return null;
        }
        Networks policy = policyLog.current().globalNetworks(); // judged valid: the policies are known
        if (cached.networks().anywhere() && policy.anywhere()) {
            return cached;
        }
        String address = usedFrom.get();
        return cached.networks().allows(address) && policy.allows(address) ? cached : null;
    }

    /**
     * Whether memory holds nothing about {@code secret} (not cached, not dead, not known unknown), so
     * that {@link #validate} would ask the database: a well-formed secret only.
     */
    public boolean unknownToCache(String secret) {
        if (!TokenSecrets.isWellFormed(secret, config.tokens().prefix())) {
            return false;
        }
        String hash = TokenSecrets.hash(secret);
        return cache.tombstone(hash) == null && cache.valid(hash) == null && !cache.knownUnknown(hash);
    }

    private Uni<Validation> lookup(String hash, Presenter presenter) {
        lookups.increment();
        long ticket = cache.ticket();
        return secrets.current(hash)
                .ifNoItem()
                .after(DB_TIMEOUT)
                .fail()
                .chain(found -> {
                    if (found != null) {
                        Token t = found.token();
                        if (t.isRevoked()) {
                            cache.kill(hash, EdgeCache.Death.REVOKED);
                            return refused(Validation.Refusal.REVOKED);
                        }
                        if (found.quarantined()) {
                            // A record about this token could not be applied: it may have revoked it.
                            return refused(Validation.Refusal.QUARANTINED);
                        }
                        ValidToken valid = ValidToken.of(t, found.ownerOrganizations());
                        cache.putValid(hash, valid, ticket);
                        return Uni.createFrom().item(judge(valid));
                    }
                    return deadSecret(hash, presenter);
                })
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "validation lookup failed, refusing (fail closed): %s",
                            e.getClass().getSimpleName());
                    return new Validation.Unavailable();
                });
    }

    /** Expiry and the policies in force are judged at every call, cached or not. */
    private Validation judge(ValidToken token) {
        if (!clock.instant().isBefore(token.expiresAt())) {
            return new Validation.Refused(Validation.Refusal.EXPIRED);
        }
        if (token.orphaned()) {
            return new Validation.Refused(Validation.Refusal.OWNER_NOT_MEMBER);
        }
        Policies policies = policyLog.current();
        if (policies == null) {
            return new Validation.Unavailable(); // a policy might refuse it: fail closed until they are read
        }
        if (policies.judgesExistingTokens()) {
            PolicyRules.Violation v = PolicyRules.violation(
                    token.owner(),
                    token.scopes(),
                    token.organizations(),
                    token.expiresAt(),
                    policies.governing(token.organizations(), token.ownerOrganizations()));
            if (v != null) {
                return new Validation.Refused(Validation.Refusal.POLICY, "policy " + v.policy() + ": " + v.detail());
            }
        }
        return new Validation.Valid(token);
    }

    /**
     * A replaced secret, or an unknown one, whose fate the read model decides. A secret the token
     * rotated away itself, coming back within the window, means someone stole it before the
     * rotation: the whole token is revoked before the refusal is answered. A secret its owner
     * regenerated away (the usual response to a leak) is just dead: presenting it must not give
     * whoever leaked it a switch that kills the new secret.
     */
    private Uni<Validation> deadSecret(String hash, Presenter presenter) {
        return secrets.dead(hash).ifNoItem().after(DB_TIMEOUT).fail().chain(dead -> {
            if (dead == null) {
                cache.putUnknown(hash);
                return refused(Validation.Refusal.UNKNOWN);
            }
            boolean armed = dead.selfRotation()
                    && dead.retiredAt()
                            .plus(config.validation().reuseDetectionWindow())
                            .isAfter(clock.instant());
            if (!armed) {
                cache.kill(hash, EdgeCache.Death.REVOKED); // nothing left to detect: refuse from now on
                return refused(Validation.Refusal.REPLACED);
            }
            return revokeOnReuse(hash, dead.tokenId(), presenter);
        });
    }

    private Uni<Validation> revokeOnReuse(String deadHash, UUID tokenId, Presenter presenter) {
        return reuseRevocation
                .revoke(tokenId, presenter)
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.errorf(
                            "reuse detected but revocation failed: %s",
                            e.getClass().getSimpleName());
                    return false;
                })
                .invoke(revoked -> {
                    // Revoked now: later presentations are refused from the tombstone. If the revocation
                    // did not happen, the next presentation detects the reuse again.
                    if (revoked) {
                        cache.kill(deadHash, EdgeCache.Death.REVOKED);
                    }
                })
                .replaceWith(new Validation.Refused(Validation.Refusal.REPLACED));
    }

    private static Uni<Validation> refused(Validation.Refusal refusal) {
        return Uni.createFrom().item(new Validation.Refused(refusal));
    }
}
