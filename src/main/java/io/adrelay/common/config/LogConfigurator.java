package io.adrelay.common.config;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * adrelay's logging, set up in code (logback finds it through META-INF/services): one console appender, text or JSON
 * (ADRELAY_LOG_FORMAT), the root at ADRELAY_LOG_LEVEL, secrets masked and line breaks from outside escaped in either
 * format. The same configuration as an XML file took logback's XML parser and model a tenth of a second of every start.
 * A file named in -Dlogback.configurationFile is still read instead, as logback does.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %maskedMsg%n%maskedEx";

    /** Quieter than INFO: what they would say is said by adrelay itself, once (the comments say why). */
    static final Map<String, Level> LEVELS = Map.ofEntries(
            Map.entry("org.apache.camel", Level.INFO),
            // the endpoint listing repeats what README says; a failed drop is reported by adrelay itself
            Map.entry("org.apache.camel.component.platform.http.main.MainHttpServerUtil", Level.WARN),
            Map.entry("org.apache.camel.component.file.GenericFileOnCompletion", Level.ERROR),
            // a refused route file is reported by adrelay in one line
            Map.entry("org.apache.camel.support.FileWatcherResourceReloadStrategy", Level.ERROR),
            // a stop says what it waits for and what it cut short in a few lines of adrelay's own (JobRuns), not one line
            // a second while it waits, nor one per scheduled job (GET /ops/jobs lists them), nor twice that it is done
            Map.entry("org.apache.camel.impl.engine.DefaultShutdownStrategy", Level.ERROR),
            Map.entry("org.apache.camel.impl.engine.DefaultInflightRepository", Level.ERROR),
            Map.entry("org.apache.camel.main.MainSupport", Level.WARN),
            Map.entry("org.apache.camel.component.quartz.QuartzEndpoint", Level.WARN),
            Map.entry("org.apache.camel.component.quartz.QuartzComponent", Level.WARN),
            Map.entry("org.apache.hc", Level.WARN),
            Map.entry("org.quartz", Level.WARN),
            Map.entry("io.vertx", Level.WARN),
            Map.entry("io.netty", Level.WARN));

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ContextInitializer.CONFIG_FILE_PROPERTY) != null) {
            // an operator's own logback file: logback's own configurator reads it
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // logback says nothing about itself
        context.getStatusManager().add(new NopStatusListener());
        // a configuration refused while Camel starts is printed once, by adrelay ("Cannot start: ..."), not by Camel too
        StartRefusalLogFilter refusals = new StartRefusalLogFilter();
        refusals.setContext(context);
        refusals.start();
        context.addTurboFilter(refusals);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        // a value neither text nor json is printed as text and refused at start (LogSettings): one line and exit 2
        console.setEncoder(LogSettings.Format.of(value(context, LogSettings.FORMAT)) == LogSettings.Format.JSON
                ? json(context) : text(context));
        console.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(LogSettings.rootLevel(value(context, LogSettings.LEVEL))));
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        // the conversion words of the pattern's masking converters, looked up when the encoder starts
        @SuppressWarnings("unchecked")
        Map<String, Supplier<DynamicConverter>> rules =
                (Map<String, Supplier<DynamicConverter>>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (rules == null) {
            rules = new HashMap<>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        }
        rules.put("maskedMsg", MaskingMessageConverter::new);
        rules.put("maskedEx", MaskingThrowableConverter::new);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** A variable as logback resolves one: a system property, the context's property, the environment. */
    private static String value(LoggerContext context, String name) {
        String property = System.getProperty(name);
        if (property == null) {
            property = context.getProperty(name);
        }
        return property != null ? property : System.getenv(name);
    }
}
