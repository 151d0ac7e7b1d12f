package dev.patrol.validation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LookupBudgetTest {

    @Test
    void oneClientGetsItsShareAndOthersTheRest() {
        LookupBudget budget = new LookupBudget(4, 2);
        assertNull(budget.admit("10.0.0.1"));
        assertNull(budget.admit("10.0.0.1"));
        assertEquals(LookupBudget.Refusal.CLIENT, budget.admit("10.0.0.1"));
        assertNull(budget.admit("10.0.0.2"));
        assertNull(budget.admit(null));
        assertEquals(LookupBudget.Refusal.INSTANCE, budget.admit("10.0.0.3"));
        assertEquals(4, budget.inFlight());
    }

    @Test
    void releasingFreesTheClientsShareAndForgetsIdleClients() {
        LookupBudget budget = new LookupBudget(4, 1);
        assertNull(budget.admit("10.0.0.1"));
        assertEquals(LookupBudget.Refusal.CLIENT, budget.admit("10.0.0.1"));
        budget.release("10.0.0.1");
        assertEquals(0, budget.clients());
        assertNull(budget.admit("10.0.0.1"));
        assertEquals(1, budget.inFlight());
    }

    @Test
    void aRefusalByTheInstanceGivesBackTheClientsShare() {
        LookupBudget budget = new LookupBudget(1, 1);
        assertNull(budget.admit("a"));
        assertEquals(LookupBudget.Refusal.INSTANCE, budget.admit("b"));
        assertEquals(1, budget.clients());
        budget.release("a");
        assertNull(budget.admit("b"));
    }
}
