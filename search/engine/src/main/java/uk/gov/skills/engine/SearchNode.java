package uk.gov.skills.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch node for development and CI, started from jars resolved by Maven.
 *
 * A packaged OpenSearch finds its modules by scanning a modules/ folder; here they are on the classpath,
 * so they are handed to the node directly through the protected Node constructor that accepts
 * classpath plugins. Only what the search app needs is loaded: the Netty HTTP/transport layer and the
 * common analysis module (synonym_graph, stemmers, the english analyzer).
 *
 * Configuration comes from system properties so opensearch.sh stays the one place that knows the layout:
 *   skills.engine.home    folder for data/ and logs/ (required; git-ignored)
 *   skills.engine.config  folder holding log4j2.properties (default: home/config)
 *   skills.engine.port  HTTP port (default 9200)
 *   skills.engine.transport_port  transport port or range (default 9300-9399)
 */
public final class SearchNode extends Node {

    static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    private SearchNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    static Settings settings(Path home, String port, String transportPort) {
        return Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "skills-search")
            .put("node.name", "skills-search-1")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", transportPort)
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("discovery.type", "single-node")
            // CI machines run with little free disk; the default watermarks would make indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }

    public static void main(String[] args) throws Exception {
        String homeProperty = System.getProperty("skills.engine.home");
        if (homeProperty == null) {
            System.err.println("set -Dskills.engine.home=<folder for data and logs>");
            System.exit(2);
        }
        Path home = Paths.get(homeProperty).toAbsolutePath();
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        String port = System.getProperty("skills.engine.port", "9200");
        String transportPort = System.getProperty("skills.engine.transport_port", "9300-9399");
        Path config = Paths.get(System.getProperty("skills.engine.config", home.resolve("config").toString()))
            .toAbsolutePath();

        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings(home, port, transportPort), Collections.emptyMap(), config, () -> "skills-search-1");
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName("skills-search-1");
        LogConfigurator.configure(environment);

        SearchNode node = new SearchNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "skills-search-shutdown"));
        node.start();
        System.out.println("skills-search node started on http://127.0.0.1:" + port);
        stopped.await();
    }
}
