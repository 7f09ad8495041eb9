package io.qubitd.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web console: {@code GET /} is its page, {@code /console/*} its scripts and styles (resources
 * under {@code io/qubitd/console/}), {@code /webjars/uplot/*} the uPlot charting library from its
 * WebJar. Everything is served from the jar; the page needs no internet. It reads only the
 * {@code /v1} API, like any other client.
 */
public final class ConsoleRoutes extends AllDirectives {
  static final String ASSETS = "io/qubitd/console";
  private final String uplotDist;

  public ConsoleRoutes() {
    this.uplotDist = "META-INF/resources/webjars/uplot/" + webJarVersion("org.webjars.npm", "uplot") + "/dist";
  }

  public Route route() {
    return concat(
        pathSingleSlash(() -> get(() -> getFromResource(ASSETS + "/index.html", ContentTypes.TEXT_HTML_UTF8))),
        pathPrefix("console", () -> get(() -> getFromResourceDirectory(ASSETS))),
        pathPrefix("webjars", () -> pathPrefix("uplot", () -> get(() -> getFromResourceDirectory(uplotDist)))));
  }

  /** The version of a WebJar on the class path, from the pom.properties Maven puts in every jar. */
  static String webJarVersion(String group, String artifact) {
    String at = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(at)) {
      if (in == null) throw new IllegalStateException("the console's WebJar " + group + ":" + artifact + " is not on the class path (" + at + ")");
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + at, e);
    }
  }
}
