package io.adrelay.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import io.adrelay.common.egress.EgressTemplate;
import io.adrelay.common.intake.WebhookIntakeTemplate;
import io.adrelay.ops.CatchUpTemplate;

/**
 * The conventions of operator-owned YAML routes, checked for every routes/*.camel.yaml:
 * it loads; each route's id, and each rest verb's routeId, starts with its file's flow name; each route
 * names a routeConfigurationId, except a rest verb's, which only calls a direct: route that does; each
 * rest verb has a description and an id equal to its routeId (the OpenAPI operationId); no literal host or secret (only {{...}} placeholders);
 * valid against Camel's YAML DSL JSON Schema (camel-yaml-dsl's schema/camelYamlDsl.json, the one editors use).
 */
class RouteLintTest {

    private static final Pattern LITERAL_HOST = Pattern.compile("(?i)\\b(?:https?|ftp)://(?!\\{\\{)");
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?im)^\\s*[\\w.-]*(?:key|token|secret|password)[\\w.-]*\\s*:\\s*(?!\"?\\{\\{)(\\S+)");

    /** Header and exchange property names a route sets or reads: one style, Adrelay<Name> (or Camel's own). */
    private static final Pattern NAME_USE = Pattern.compile(
            "\\$\\{(?:header|headers|exchangeProperty)\\.([A-Za-z0-9_.-]+)"
            + "|set(?:Header|Property):\\s*\\{?\\s*name:\\s*([^\\s,}]+)"
            + "|(?<![\\w-])(?:header|exchangeProperty):[ \\t]*([A-Za-z][\\w.-]*)");
    private static final Pattern NAME_STYLE = Pattern.compile("(?:Adrelay|Camel)[A-Z][A-Za-z0-9]*");

    private static final Schema CAMEL_YAML_DSL = camelYamlDslSchema();
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Schema camelYamlDslSchema() {
        // draft-04, with Camel's own "deprecated" keyword as an annotation
        Dialect draft4 = Dialect.builder(Dialects.getDraft4()).keyword(new AnnotationKeyword("deprecated")).build();
        try (InputStream in = RouteLintTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertNotNull(in, "camel-yaml-dsl ships schema/camelYamlDsl.json");
            return SchemaRegistry.withDefaultDialect(draft4).getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<Path> list = files.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
            assertFalse(list.isEmpty(), "routes/ holds no *.camel.yaml");
            return list;
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void isValidAgainstCamelsYamlDslSchema(Path file) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Error error : CAMEL_YAML_DSL.validate(YAML.readTree(file.toFile()))) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        assertTrue(problems.isEmpty(), file + " is not valid against Camel's YAML DSL schema (an editor flags it too): " + problems);
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void followsTheConventions(Path file) throws Exception {
        String flow = file.getFileName().toString().replace(".camel.yaml", "");
        String text = Files.readString(file);
        assertFalse(LITERAL_HOST.matcher(text).find(), file + " names a host literally: use a {{property}}");
        // a failed drop is moved to .error/ by the file-drop configuration (with its reason), or kept when the disk is full
        assertFalse(text.contains("moveFailed"), file + " sets moveFailed: leave failed files to routeConfigurationId file-drop");
        Matcher names = NAME_USE.matcher(text);
        while (names.find()) {
            String name = names.group(1) != null ? names.group(1) : names.group(2) != null ? names.group(2) : names.group(3);
            assertTrue(NAME_STYLE.matcher(name).matches(), file + ": header or property " + name + " must be named Adrelay<Name>");
        }
        Matcher secret = SECRET_VALUE.matcher(text);
        assertFalse(secret.find(), file + " holds a literal secret: use {{env:...}} via a property");

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new EgressTemplate());
            context.addRoutes(new WebhookIntakeTemplate());
            context.addRoutes(new CatchUpTemplate());
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            List<RouteDefinition> routes = new ArrayList<>(((ModelCamelContext) context).getRouteDefinitions());
            assertFalse(routes.isEmpty(), file + " defines no route");
            for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
                for (VerbDefinition verb : rest.getVerbs()) {
                    String where = file + ": rest " + verb.asVerb() + " " + rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                    assertNotNull(verb.getRouteId(), where + " needs a routeId");
                    assertTrue(verb.getRouteId().startsWith(flow + "-") || verb.getRouteId().equals(flow),
                            where + ": routeId " + verb.getRouteId() + " must be " + flow + " or start with " + flow + "-");
                    assertNotNull(verb.getDescription(), where + " needs a description (it is the OpenAPI document)");
                    assertEquals(verb.getRouteId(), verb.getId(), where + ": id is the OpenAPI operationId, the same as the routeId");
                }
            }
            for (RouteDefinition route : routes) {
                assertNotNull(route.getRouteId(), file + ": every route needs an id");
                assertTrue(route.getRouteId().equals(flow) || route.getRouteId().startsWith(flow + "-"),
                        file + ": route id " + route.getRouteId() + " must be " + flow + " or start with " + flow + "-");
                if (route.getRouteTemplateContext() != null) {
                    // made from a template (adrelay-egress, adrelay-webhook-intake, adrelay-catch-up): the template sets its error handling
                    continue;
                }
                if (route.getInput().getEndpointUri().startsWith("rest:")) {
                    // a rest verb's route takes no routeConfigurationId (Camel 4.14): the direct: route it calls has one
                    assertTrue(route.getOutputs().size() == 1 && route.getOutputs().get(0) instanceof ToDefinition to
                                    && to.getUri().startsWith("direct:"),
                            file + ": rest verb " + route.getRouteId() + " must only call a direct: route (that route has the routeConfigurationId)");
                    continue;
                }
                assertNotNull(route.getRouteConfigurationId(), file + ": route " + route.getRouteId() + " needs a routeConfigurationId");
                assertTrue(List.of("http-api", "file-drop", "webhook", "egress").contains(route.getRouteConfigurationId()),
                        file + ": unknown routeConfigurationId " + route.getRouteConfigurationId());
            }
            assertEquals(routes.size(), routes.stream().map(RouteDefinition::getRouteId).distinct().count(), file + ": duplicate ids");
        }
    }
}
