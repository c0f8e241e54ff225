package io.adrelay.common.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The operators' files: the YAML routes (*.camel.yaml) and declarations packaged in the jar under
 * routes/, each replaced by a file of the same name in the override directory (adrelay.routes.dir)
 * when there is one; route files only in the override directory are added. A file is known by its
 * name, wherever it comes from, so an override written while running replaces the packaged routes.
 */
public final class RouteFiles {

    /** What the reloader watches in the override directory, and what loads as routes. */
    public static final String ROUTES = "*.camel.yaml";
    private static final String PACKAGED_DIR = "routes/";
    private static final String PACKAGED = "classpath:" + PACKAGED_DIR;
    /** Written by the build (pom.xml, packaged-route-file-names): one name a line. */
    private static final String PACKAGED_NAMES = PACKAGED_DIR + "packaged-route-files.txt";

    private final CamelContext context;
    private final Path overrideDir;

    public RouteFiles(CamelContext context, Path overrideDir) {
        this.context = context;
        this.overrideDir = overrideDir;
    }

    public Path overrideDir() {
        return overrideDir;
    }

    /**
     * The route files that load, in name order: the operator's where the override directory has one, else the
     * packaged ones. A directory that cannot be read is a problem, and the files found so far still load.
     */
    public List<Resource> routes(List<String> problems) {
        Map<String, Resource> byName = new TreeMap<>();
        try {
            for (String name : packagedRouteNames()) {
                byName.put(name, packaged(name));
            }
        } catch (IOException unreadable) {
            problems.add("the route files packaged in the jar cannot be read: " + unreadable.getMessage());
        }
        if (Files.isDirectory(overrideDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(overrideDir, ROUTES)) {
                for (Path file : files) {
                    byName.put(file.getFileName().toString(), resolve("file:" + file));
                }
            } catch (IOException | DirectoryIteratorException unreadable) {
                problems.add("the route files in " + overrideDir + " (ADRELAY_ROUTES_DIR) cannot be read: " + unreadable.getMessage());
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * The names of the packaged route files, from the list the build writes beside them: listing the fat jar's
     * entries (27,000) took a fortieth of the main thread's start, and Camel's classpath scan reads the whole jar.
     */
    private static List<String> packagedRouteNames() throws IOException {
        try (InputStream in = RouteFiles.class.getClassLoader().getResourceAsStream(PACKAGED_NAMES)) {
            if (in == null) {
                throw new IOException(PACKAGED_NAMES + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(name -> !name.isBlank()).toList();
        }
    }

    /** The file of this name packaged in the jar (which may not exist), for a declaration read when the operator has none. */
    public Resource packaged(String name) {
        return resolve(PACKAGED + name);
    }

    /**
     * Hands the route files, loaded, to camel-main as builders in the registry, where it collects routes before adding them
     * (a configuration class has no hold on camel-main's include pattern, so that is off).
     */
    public void bindRoutes(List<RoutesBuilder> builders) {
        int n = 0;
        for (RoutesBuilder builder : builders) {
            context.getRegistry().bind("route-file-" + n++, builder);
        }
    }

    /** The file's name, which identifies it whether it was packaged or overridden. */
    public static String name(Resource file) {
        String location = file.getLocation();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Where the file is, as an operator names it: a path, or classpath:routes/... for a packaged one. */
    public static String where(Resource file) {
        String location = file.getLocation();
        return location.startsWith("file:") ? location.substring(5) : location;
    }

    private Resource resolve(String location) {
        return PluginHelper.getResourceLoader(context).resolveResource(location);
    }
}
