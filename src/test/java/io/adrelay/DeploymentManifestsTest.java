package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.adrelay.common.config.RequiredSecrets;
import io.adrelay.common.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/single-node against what adrelay is: one process per data dir, its health paths, its grace on
 * SIGTERM, its documented variables and the secrets each flow needs. No cluster here: the manifests' own rules,
 * checked as code, so that a change of adrelay that breaks them fails the build.
 */
class DeploymentManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes/single-node");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b");

    @Test
    void oneReplicaHoldsTheDataDirAndTheOldPodStopsFirst() throws IOException {
        JsonNode spec = YAML.readTree(DIR.resolve("deployment.yaml").toFile()).path("spec");
        assertEquals(1, spec.path("replicas").asInt(), "a data dir admits one process");
        assertEquals("Recreate", spec.path("strategy").path("type").asText(), "never two pods on the data dir, even while rolling");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode volume = pod.path("volumes").get(0);
        assertEquals(YAML.readTree(DIR.resolve("pvc.yaml").toFile()).path("metadata").path("name").asText(),
                volume.path("persistentVolumeClaim").path("claimName").asText());
        JsonNode container = pod.path("containers").get(0);
        assertEquals(volume.path("name").asText(), container.path("volumeMounts").get(0).path("name").asText());
        assertEquals("/data", container.path("volumeMounts").get(0).path("mountPath").asText(), "the image's ADRELAY_DATA_DIR");
        assertTrue(pod.path("terminationGracePeriodSeconds").asInt() > 9, "above adrelay's own stop (8 s grace and the rest)");
    }

    @Test
    void probesAskTheHealthPathsAdrelayServes() throws IOException {
        JsonNode container = YAML.readTree(DIR.resolve("deployment.yaml").toFile()).path("spec").path("template").path("spec")
                .path("containers").get(0);
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("| `GET /observe/health` (`/live`, `/ready`) |"), "the README's health paths are the probes'");
        assertEquals("/observe/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/observe/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/observe/health/live", container.path("startupProbe").path("httpGet").path("path").asText());
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt(), "the image's ADRELAY_HTTP_PORT");
    }

    @Test
    void everyVariableIsDocumentedAndTheExampleSecretHoldsWhatEachFlowNeedsButNoValue() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher names = VARIABLE.matcher(Files.readString(Path.of("README.md")).split("\n## HTTP endpoints")[0]);
        while (names.find()) {
            documented.add(names.group());
        }
        JsonNode secret = YAML.readTree(DIR.resolve("secret.example.yaml").toFile()).path("stringData");
        List<String> used = new ArrayList<>();
        secret.fieldNames().forEachRemaining(used::add);
        YAML.readTree(DIR.resolve("deployment.yaml").toFile()).path("spec").path("template").path("spec").path("containers").get(0)
                .path("env").forEach(env -> used.add(env.path("name").asText()));
        used.forEach(name -> assertTrue(documented.contains(name), name + " is not a variable the README documents"));
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

}
