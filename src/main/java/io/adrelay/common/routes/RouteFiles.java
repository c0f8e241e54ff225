package io.adrelay.common.routes;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

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
        } catch (IOException | URISyntaxException unreadable) {
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
     * The names of the packaged route files, from the jar's directory (Camel's classpath scan would read the
     * whole fat jar, seconds at every start) or, in a build, from target/classes/routes/.
     */
    private static List<String> packagedRouteNames() throws IOException, URISyntaxException {
        URL dir = RouteFiles.class.getClassLoader().getResource(PACKAGED_DIR);
        List<String> names = new ArrayList<>();
        if (dir == null) {
            return names;
        }
        PathMatcher routes = FileSystems.getDefault().getPathMatcher("glob:" + ROUTES);
        if (dir.openConnection() instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                file.stream().map(JarEntry::getName).filter(n -> n.startsWith(PACKAGED_DIR) && n.indexOf('/', PACKAGED_DIR.length()) < 0)
                        .map(n -> n.substring(PACKAGED_DIR.length())).filter(n -> routes.matches(Path.of(n))).forEach(names::add);
            }
        } else {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(dir.toURI()), ROUTES)) {
                files.forEach(file -> names.add(file.getFileName().toString()));
            }
        }
        return names;
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
