package io.adrelay.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class NodeNameTest {

    private static Settings settings(String... keyValues) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(props);
        return new Settings(context);
    }

    @Test
    void aGivenNameIsTakenAsItIs() {
        List<String> problems = new ArrayList<>();
        assertEquals("adrelay-7c9f.node_1", NodeName.of(settings(NodeName.KEY, "adrelay-7c9f.node_1"), Profile.CLUSTER, problems));
        assertEquals("x".repeat(63), NodeName.of(settings(NodeName.KEY, "x".repeat(63)), Profile.CLUSTER, problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void aNameThatIsNotOneIsAProblemNamingTheRule() {
        for (String bad : List.of("node 1", "node/1", "x".repeat(64), "nöde")) {
            List<String> problems = new ArrayList<>();
            assertNull(NodeName.of(settings(NodeName.KEY, bad), Profile.CLUSTER, problems), bad);
            assertEquals(List.of("ADRELAY_NODE_NAME=" + bad + " is not a node name: 1 to 63 of A-Z a-z 0-9 . _ -"), problems);
        }
        // said in every profile: a name set is a name meant
        List<String> problems = new ArrayList<>();
        NodeName.of(settings(NodeName.KEY, "a b"), Profile.PROD, problems);
        assertEquals(1, problems.size(), problems.toString());
    }

    @Test
    void withoutOneTheHostNameIsTheName() {
        List<String> problems = new ArrayList<>();
        String name = NodeName.of(settings(), Profile.PROD, problems);
        assertNotNull(name);
        assertTrue(NodeName.valid(name), name);
        assertEquals(List.of(), problems);
    }
}
