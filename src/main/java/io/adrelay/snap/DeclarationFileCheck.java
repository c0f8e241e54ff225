package io.adrelay.snap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.adrelay.common.InvalidInputException;
import io.adrelay.snap.dpa.DeclaredProductSets;
import io.adrelay.snap.dpa.DpaDeclaration;
import org.apache.camel.spi.Resource;

/**
 * Both Snap declarations of a folder checked as adrelay reads them (the operator's file where the folder has one, else
 * the one packaged in the jar): the spec's rules and what the campaigns name in the catalogs, then the JSON Schema an
 * editor applies (routes/*.schema.json). Each problem names the file and, where the file has the field, its line.
 */
public final class DeclarationFileCheck {

    public static final String CATALOGS = "snap-catalogs.yaml";
    public static final String CAMPAIGNS = "snap-campaigns.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeclarationFileCheck() {
    }

    /** Every problem of the two declarations in {@code dir}; {@code packaged} gives the jar's file of a name. */
    public static List<String> problems(Path dir, Function<String, Resource> packaged) {
        List<String> problems = new ArrayList<>();
        Path catalogsFile = dir.resolve(CATALOGS);
        boolean ownCatalogs = Files.exists(catalogsFile);
        SnapDeclaration catalogs = null;
        List<String> catalogProblems = new ArrayList<>();
        try {
            catalogs = ownCatalogs ? SnapDeclaration.read(catalogsFile) : SnapDeclaration.read(packaged.apply(CATALOGS));
        } catch (InvalidInputException refused) {
            catalogProblems.addAll(said(refused));
        }
        problems.addAll(lined(source(catalogsFile, ownCatalogs, packaged.apply(CATALOGS)), catalogProblems, schema(CATALOGS)));

        Path campaignsFile = dir.resolve(CAMPAIGNS);
        boolean ownCampaigns = Files.exists(campaignsFile);
        List<String> campaignProblems = new ArrayList<>();
        if (catalogs == null) {
            if (ownCampaigns) {
                campaignProblems.add("what it names in " + CATALOGS + " is not checked until that file is taken");
            }
        } else {
            try {
                // as running: the packaged demo campaigns apply only with the packaged demo catalogs
                DpaDeclaration.read(campaignsFile, ownCatalogs ? null : packaged.apply(CAMPAIGNS), DeclaredProductSets.of(catalogs));
            } catch (InvalidInputException refused) {
                campaignProblems.addAll(said(refused));
            }
        }
        if (ownCampaigns || !ownCatalogs) {
            problems.addAll(lined(source(campaignsFile, ownCampaigns, packaged.apply(CAMPAIGNS)), campaignProblems, schema(CAMPAIGNS)));
        }
        return problems;
    }

    /** The refusal's problems, or its one reason (the file cannot be read, is too large, is not YAML) on one line. */
    private static List<String> said(InvalidInputException refused) {
        return refused.problems().isEmpty() ? List.of(oneLine(refused.getMessage())) : refused.problems();
    }

    /** The YAML parser's message without its excerpt's caret lines and its source, on one line. */
    static String oneLine(String message) {
        return message.replaceAll("\\s*at \\[Source: [^]]*]", "").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.equals("^")).reduce((a, b) -> a + " " + b).orElse(message);
    }

    /** A declaration's text and where it is, as an operator names it. */
    private record Source(String where, byte[] text) {
    }

    private static Source source(Path file, boolean own, Resource packaged) {
        try {
            if (own) {
                if (Files.size(file) > SnapDeclaration.MAX_FILE_BYTES) {
                    return new Source(file.toString(), null);
                }
                return new Source(file.toString(), Files.readAllBytes(file));
            }
            if (!packaged.exists()) {
                return new Source(packaged.getLocation(), null);
            }
            try (InputStream in = packaged.getInputStream()) {
                return new Source(packaged.getLocation(), in.readAllBytes());
            }
        } catch (IOException unreadable) {
            return new Source(own ? file.toString() : packaged.getLocation(), null);
        }
    }

    /**
     * Each problem as "file, line N: problem"; then what the schema flags in fields adrelay's own rules say nothing of
     * (the two agree field by field: a field named by both would be one mistake said twice).
     */
    private static List<String> lined(Source source, List<String> problems, Schema schema) {
        List<String> lines = new ArrayList<>();
        if (source.text() == null) {
            problems.forEach(problem -> lines.add("declaration " + source.where() + ": " + problem));
            return lines;
        }
        DeclarationLines at = DeclarationLines.of(new ByteArrayInputStream(source.text()));
        Set<String> named = new HashSet<>();
        for (String problem : problems) {
            named.add(DeclarationLines.pointerOf(problem) == null ? "" : DeclarationLines.pointerOf(problem));
            lines.add(where(source, at.ofProblem(problem)) + problem);
        }
        JsonNode root;
        try {
            root = YAML.readTree(source.text());
        } catch (IOException notYaml) {
            return lines;
        }
        if (root == null) {
            return lines;
        }
        schema.validate(root).forEach(error -> {
            String path = error.getInstanceLocation().toString();
            String pointer = path.startsWith("/") ? path : DeclarationLines.pointerOf(path.replaceFirst("^\\$\\.?", ""));
            String field = pointer == null ? "" : pointer;
            // said already when adrelay names this field, one inside it, or the file as a whole
            boolean said = named.stream().anyMatch(p -> p.isEmpty() || p.equals(field) || p.startsWith(field + "/") || field.isEmpty());
            if (!said) {
                lines.add(where(source, pointer == null ? 0 : at.ofPointer(field)) + "(schema) " + path + ": " + error.getMessage());
            }
        });
        return lines;
    }

    private static String where(Source source, int line) {
        return "declaration " + source.where() + (line > 0 ? ", line " + line : "") + ": ";
    }

    private static Schema schema(String declaration) {
        String name = "routes/" + declaration.replace(".yaml", ".schema.json");
        try (InputStream in = DeclarationFileCheck.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not packaged in the jar");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
