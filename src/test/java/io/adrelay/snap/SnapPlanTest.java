package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

class SnapPlanTest {

    private final SnapPlan plan = new SnapPlan(null);

    @Test
    void anUpdateListsEachDeclaredFieldSnapDoesNotHoldAsTheRunComparesThem() throws Exception {
        JsonNode atSnap = Json.MAPPER.readTree("{\"id\": \"s-1\", \"name\": \"Acme\", \"filter\": {\"BRAND\": {\"EQ\": \"Acme\"}},"
                + " \"daily_budget_micro\": 50000000, \"created_at\": \"2026-12-01T00:00:00Z\"}");
        JsonNode declared = Json.MAPPER.readTree("{\"id\": \"s-1\", \"name\": \"Acme\", \"filter\": {\"BRAND\": {\"EQ\": \"Globex\"}},"
                + " \"daily_budget_micro\": \"50000000\"}");

        plan.update("catalogs", "product set", "spring/Acme", atSnap, declared,
                (current, wanted) -> current.equals(wanted) || sameText(current, wanted));

        SnapPlan.Step step = plan.steps().get(0);
        assertEquals(SnapPlan.UPDATE, step.action());
        assertEquals(List.of("filter"), step.changes().stream().map(SnapPlan.Change::field).toList(),
                "the id is no change, a number Snap holds as the declared text is none either");
        assertEquals("Acme", step.changes().get(0).current().path("BRAND").path("EQ").asText());
    }

    @Test
    void aRefusedObjectKeepsEveryProblemAndStaysRefused() {
        plan.refused("catalogs", "catalog", "spring", "vertical is HOTEL at Snap");
        plan.refused("catalogs", "catalog", "spring", "another problem");
        plan.step("catalogs", "catalog", "spring", SnapPlan.UPDATE);

        SnapPlan.Step step = plan.steps().get(0);
        assertEquals(SnapPlan.REFUSED, step.action());
        assertEquals(List.of("vertical is HOTEL at Snap", "another problem"), step.problems());
    }

    @Test
    void whatThePlanCreatesIsKnownToTheStepsAfterIt() {
        plan.step("campaigns", "campaign", "acct/Spring", SnapPlan.CREATE);
        plan.step("campaigns", "ad squad", "acct/Spring/One", SnapPlan.UNCHANGED);

        assertTrue(plan.creates("campaign", "acct/Spring"));
        assertFalse(plan.creates("ad squad", "acct/Spring/One"));
        assertFalse(plan.creates("campaign", "acct/Autumn"));
    }

    private static boolean sameText(JsonNode a, JsonNode b) {
        return a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText());
    }
}
