package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.adrelay.common.config.LogSettings;
import io.adrelay.common.config.RequiredSecrets;
import io.adrelay.common.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes/single-node and deploy/kubernetes/cluster against what adrelay is: one process per data dir in the
 * embedded default, several nodes on one PostgreSQL and a shared volume in the cluster profile, its health paths, its
 * grace on SIGTERM, the variables it reads, the image's user and the secrets each flow needs. No Kubernetes here: the
 * manifests' own rules, checked as code, so that a change of adrelay that breaks them fails the build.
 */
class DeploymentManifestsTest {

    private static final Path SINGLE = Path.of("deploy/kubernetes/single-node");
    private static final Path CLUSTER = Path.of("deploy/kubernetes/cluster");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\{\\{env:([A-Z0-9_]+)");

    @Test
    void oneReplicaHoldsTheDataDirAndTheOldPodStopsFirst() throws IOException {
        JsonNode spec = deployment(SINGLE).path("spec");
        assertEquals(1, spec.path("replicas").asInt(), "a data dir admits one process");
        assertEquals("Recreate", spec.path("strategy").path("type").asText(), "never two pods on the data dir, even while rolling");
        JsonNode claim = dataVolumeClaim(SINGLE);
        assertEquals("ReadWriteOnce", claim.path("spec").path("accessModes").get(0).asText(), "one node mounts it");
        assertFalse(env(SINGLE).containsKey("ADRELAY_NODE_NAME"), "the embedded default is one node");
    }

    @Test
    void threeNodesRollOneAtATimeOnOneSharedVolume() throws IOException {
        JsonNode spec = deployment(CLUSTER).path("spec");
        assertEquals(3, spec.path("replicas").asInt());
        assertEquals("RollingUpdate", spec.path("strategy").path("type").asText(), "nodes are replaced one by one, the others serve");
        assertEquals(0, spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(), "three ready nodes while rolling");
        JsonNode claim = dataVolumeClaim(CLUSTER);
        assertEquals(List.of("ReadWriteMany"), texts(claim.path("spec").path("accessModes")),
                "every node mounts the shared data dir (outbox, inboxes, feeds) at once");

        JsonNode budget = document(CLUSTER.resolve("pdb.yaml"), "PodDisruptionBudget").path("spec");
        assertEquals(labels(spec.path("selector").path("matchLabels")), labels(budget.path("selector").path("matchLabels")));
        int minAvailable = budget.path("minAvailable").asInt();
        assertTrue(minAvailable > 1 && minAvailable < spec.path("replicas").asInt(), "a drain keeps nodes serving, and can go on");

        Map<String, JsonNode> env = env(CLUSTER);
        assertEquals("cluster", env.get("ADRELAY_PROFILE").path("value").asText());
        assertEquals("metadata.name", env.get("ADRELAY_NODE_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText(),
                "each node is named after its pod (downward API)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void theDataDirIsTheImagesAndTheGraceOutlastsAdrelaysStop(String dir) throws IOException {
        Path manifests = Path.of(dir);
        JsonNode pod = deployment(manifests).path("spec").path("template").path("spec");
        JsonNode volume = pod.path("volumes").get(0);
        assertEquals(dataVolumeClaim(manifests).path("metadata").path("name").asText(),
                volume.path("persistentVolumeClaim").path("claimName").asText());
        JsonNode container = pod.path("containers").get(0);
        assertEquals(volume.path("name").asText(), container.path("volumeMounts").get(0).path("name").asText());
        assertEquals("/data", container.path("volumeMounts").get(0).path("mountPath").asText(), "the image's ADRELAY_DATA_DIR");
        assertTrue(Files.readString(Path.of("Dockerfile")).contains("ADRELAY_DATA_DIR=/data"), "the image's data dir");
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 9, "above adrelay's own stop (8 s grace and the rest)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void probesAskTheHealthPathsAdrelayServes(String dir) throws IOException {
        JsonNode container = deployment(Path.of(dir)).path("spec").path("template").path("spec").path("containers").get(0);
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("| `GET /observe/health` (`/live`, `/ready`) |"), "the README's health paths are the probes'");
        assertEquals("/observe/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/observe/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/observe/health/live", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt(), "the image's ADRELAY_HTTP_PORT");
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertEquals(container.path("ports").get(0).path("name").asText(), container.path(probe).path("httpGet").path("port").asText(),
                    probe + " on the container's port");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void theNodesRunAsTheImagesUser(String dir) throws IOException {
        Matcher uid = Pattern.compile("--uid (\\d+)").matcher(Files.readString(Path.of("Dockerfile")));
        Matcher gid = Pattern.compile("--gid (\\d+)").matcher(Files.readString(Path.of("Dockerfile")));
        assertTrue(uid.find() && gid.find(), "the Dockerfile makes its user with a fixed uid and gid");
        JsonNode security = deployment(Path.of(dir)).path("spec").path("template").path("spec").path("securityContext");
        assertTrue(security.path("runAsNonRoot").asBoolean());
        assertEquals(uid.group(1), security.path("runAsUser").asText());
        assertEquals(gid.group(1), security.path("fsGroup").asText(), "the volume is made writable for the image's group");
        assertEquals("10001", uid.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void everyVariableIsOneAdrelayReadsAndTheExampleSecretHoldsWhatEachFlowNeedsButNoValue(String dir) throws IOException {
        Path manifests = Path.of(dir);
        Set<String> documented = new TreeSet<>();
        Matcher names = VARIABLE.matcher(Files.readString(Path.of("README.md")).split("\n## HTTP endpoints")[0]);
        while (names.find()) {
            documented.add(names.group());
        }
        Set<String> read = variablesAdrelayReads();
        JsonNode secret = secretExample(manifests).path("stringData");
        List<String> used = new ArrayList<>();
        secret.fieldNames().forEachRemaining(used::add);
        used.addAll(env(manifests).keySet());
        for (String name : used) {
            assertTrue(read.contains(name), name + " is not a variable adrelay reads");
            assertTrue(documented.contains(name), name + " is not a variable the README documents");
        }
        secret.forEach(value -> assertEquals("", value.asText(), "an example holds no secret"));

        // what a start with every flow and no secret at all asks for: one name of each group is in the example
        for (String missing : RequiredSecrets.missing(new Settings(new DefaultCamelContext()), Settings.ALL_FLOWS)) {
            Matcher asked = VARIABLE.matcher(missing);
            boolean inExample = false;
            while (asked.find()) {
                inExample |= secret.has(asked.group());
            }
            assertTrue(inExample, "the example secret has nothing for: " + missing);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void secretsComeFromTheSecretNeverFromTheManifest(String dir) throws IOException {
        Path manifests = Path.of(dir);
        String secretName = secretExample(manifests).path("metadata").path("name").asText();
        JsonNode container = deployment(manifests).path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals(secretName, container.path("envFrom").get(0).path("secretRef").path("name").asText());
        Set<String> secrets = RequiredSecrets.SECRET_KEYS.stream().map(Settings::envName).collect(Collectors.toSet());
        secrets.add("ADRELAY_DB_URL"); // may hold ?password=
        env(manifests).forEach((name, env) -> assertFalse(secrets.contains(name) && env.has("value"),
                name + " is a secret: from the Secret, not written in the manifest"));
        assertFalse(kustomization(manifests).contains("secret.example.yaml"), "the example is never applied with its empty values");
    }

    @Test
    void theClusterSecretHoldsTheDatabaseAndTheTrialPostgresTakesItsUserFromIt() throws IOException {
        JsonNode secret = secretExample(CLUSTER);
        for (String key : List.of("ADRELAY_DB_URL", "ADRELAY_DB_USER", "ADRELAY_DB_PASSWORD")) {
            assertTrue(secret.path("stringData").has(key), key + " in the example Secret");
        }
        JsonNode postgres = document(CLUSTER.resolve("postgres.yaml"), "StatefulSet");
        JsonNode container = postgres.path("spec").path("template").path("spec").path("containers").get(0);
        assertTrue(container.path("image").asText().startsWith("postgres:16"), "a PostgreSQL 14+ to try it on");
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        for (String name : List.of("POSTGRES_USER", "POSTGRES_PASSWORD")) {
            JsonNode ref = env.get(name).path("valueFrom").path("secretKeyRef");
            assertEquals(secret.path("metadata").path("name").asText(), ref.path("name").asText(), name);
            assertTrue(secret.path("stringData").has(ref.path("key").asText()), name + " from a key of the Secret");
        }
        // the URL the Secret's comment and the README give is the one this PostgreSQL answers at
        String url = "jdbc:postgresql://" + document(CLUSTER.resolve("postgres.yaml"), "Service").path("metadata").path("name").asText()
                + ":5432/" + env.get("POSTGRES_DB").path("value").asText();
        assertTrue(Files.readString(CLUSTER.resolve("secret.example.yaml")).contains(url), url);
        assertTrue(Files.readString(Path.of("README.md")).contains(url), url);
        assertEquals("ReadWriteOnce", postgres.path("spec").path("volumeClaimTemplates").get(0).path("spec").path("accessModes").get(0)
                .asText(), "its data on a volume of its own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/kubernetes/single-node", "deploy/kubernetes/cluster"})
    void theKustomizationAppliesEveryManifestAndTheServiceReachesOnlyTheNodes(String dir) throws IOException {
        Path manifests = Path.of(dir);
        List<String> resources = texts(YAML.readTree(manifests.resolve("kustomization.yaml").toFile()).path("resources"));
        try (Stream<Path> files = Files.list(manifests)) {
            Set<String> manifestsInDir = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.equals("secret.example.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(manifestsInDir, new TreeSet<>(resources), "kubectl apply -k applies each of them");
        }
        JsonNode service = document(manifests.resolve("service.yaml"), "Service");
        JsonNode deployment = deployment(manifests);
        Map<String, String> selector = labels(service.path("spec").path("selector"));
        Map<String, String> podLabels = labels(deployment.path("spec").path("template").path("metadata").path("labels"));
        if (selector.isEmpty()) {
            // the single node's kustomization adds the selector to both
            selector = labels(YAML.readTree(manifests.resolve("kustomization.yaml").toFile()).path("labels").get(0).path("pairs"));
            podLabels.putAll(selector);
        }
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the Service reaches the nodes");
        assertTrue(labels(deployment.path("spec").path("selector").path("matchLabels")).entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey()))), "the Deployment selects its pods");
        if (Files.exists(manifests.resolve("postgres.yaml"))) {
            Map<String, String> postgresPods = labels(document(manifests.resolve("postgres.yaml"), "StatefulSet").path("spec")
                    .path("template").path("metadata").path("labels"));
            assertFalse(postgresPods.entrySet().containsAll(selector.entrySet()), "webhooks never reach the database");
        }
        assertEquals("http", service.path("spec").path("ports").get(0).path("targetPort").asText());
    }

    /** Every variable that sets something: {{env:X}} in application.properties, a key's own variable, the log's. */
    private static Set<String> variablesAdrelayReads() throws IOException {
        Set<String> read = new TreeSet<>(List.of(LogSettings.FORMAT, LogSettings.LEVEL));
        String text = Files.readString(Path.of("application.properties"));
        Matcher placeholder = ENV_PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            read.add(placeholder.group(1));
        }
        Properties keys = new Properties();
        keys.load(new java.io.StringReader(text));
        keys.stringPropertyNames().forEach(key -> read.add(Settings.envName(key)));
        return read;
    }

    private static JsonNode deployment(Path dir) throws IOException {
        return document(dir.resolve("deployment.yaml"), "Deployment");
    }

    private static JsonNode secretExample(Path dir) throws IOException {
        return document(dir.resolve("secret.example.yaml"), "Secret");
    }

    private static JsonNode dataVolumeClaim(Path dir) throws IOException {
        return document(dir.resolve("pvc.yaml"), "PersistentVolumeClaim");
    }

    private static String kustomization(Path dir) throws IOException {
        return YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("resources").toString();
    }

    /** The one document of that kind in the file (a file may hold several, separated by ---). */
    private static JsonNode document(Path file, String kind) throws IOException {
        JsonNode found = null;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (kind.equals(document.path("kind").asText())) {
                    assertEquals(null, found, "one " + kind + " in " + file);
                    found = document;
                }
            }
        }
        assertNotNull(found, kind + " in " + file);
        return found;
    }

    private static Map<String, JsonNode> env(Path dir) throws IOException {
        Map<String, JsonNode> env = new HashMap<>();
        deployment(dir).path("spec").path("template").path("spec").path("containers").get(0).path("env")
                .forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
