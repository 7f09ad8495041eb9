package io.qubitd.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (deploy/) agree with the configuration they set: ports, image, environment
 * variables, probes, seed nodes and stop timeouts. Each check reads the files as an operator's tool
 * would (YAML for compose and Kubernetes, text for the Dockerfile and the systemd unit).
 */
class DeploymentFilesTest {

  private static final Path DEPLOY = Path.of("deploy");
  private static final Path DOCKERFILE = DEPLOY.resolve("docker/Dockerfile");
  private static final Path COMPOSE = DEPLOY.resolve("compose/docker-compose.yml");
  private static final Path K8S = DEPLOY.resolve("k8s");
  private static final Path UNIT = DEPLOY.resolve("systemd/qubitd.service");
  private static final Path README = DEPLOY.resolve("README.md");
  private static final Path REFERENCE = Path.of("src/main/resources/reference.conf");
  private static final Path PEKKO_CONF = Path.of("src/main/resources/qubitd-pekko.conf");

  /** The daemon's actor system (Daemon.start): the system part of every pekko:// address. */
  private static final String SYSTEM_NAME = "qubitd";
  /**
   * The remoting port of cluster mode (branch `cluster`), used while qubitd's own config files do not
   * set pekko.remote.artery.canonical.port; Pekko's library default (17355) is not the one qubitd uses.
   */
  private static final int CLUSTER_PORT_BEFORE_CLUSTER_LANDS = 25520;
  /**
   * Cluster settings that branch `cluster` adds as ${?...} overrides. Accepted only while the
   * configuration has no qubitd.cluster section; once it has one, every variable must be defined there.
   */
  private static final Set<String> CLUSTER_VARIABLES_BEFORE_CLUSTER_LANDS =
      Set.of("QUBITD_CLUSTER", "QUBITD_CLUSTER_HOST", "QUBITD_CLUSTER_PORT", "QUBITD_SEED_NODES");
  private static final String POSTGRES_PROFILE = "slick.jdbc.PostgresProfile$";
  private static final String POSTGRES_DRIVER = "org.postgresql.Driver";
  private static final String DATA_DIR = "/var/lib/qubitd";

  private static final Pattern OVERRIDE = Pattern.compile("\\$\\{\\?(QUBITD_[A-Z0-9_]*[A-Z0-9])}");
  private static final Pattern VARIABLE = Pattern.compile("\\bQUBITD_[A-Z0-9_]*[A-Z0-9]");
  private static final Pattern SEED = Pattern.compile("pekko://([^@]+)@([^:]+):(\\d+)");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Config DEFAULTS = defaults();

  // ---------------------------------------------------------------- environment variables

  @Test
  void everyQubitdVariableInTheDeployFilesIsAConfigOverrideOrReadByTheLauncher() throws IOException {
    Set<String> known = new TreeSet<>(configOverrides());
    known.addAll(launcherVariables());
    if (!DEFAULTS.hasPath("qubitd.cluster")) known.addAll(CLUSTER_VARIABLES_BEFORE_CLUSTER_LANDS);
    Map<String, Set<String>> used = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        Matcher m = VARIABLE.matcher(Files.readString(f));
        while (m.find()) used.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(f.toString());
      }
    }
    assertTrue(used.containsKey("QUBITD_JOURNAL_PASSWORD"), "expected the deploy files to set the journal, found " + used.keySet());
    List<String> unknown = used.entrySet().stream().filter(e -> !known.contains(e.getKey()))
        .map(e -> e.getKey() + " in " + e.getValue()).collect(Collectors.toList());
    assertTrue(unknown.isEmpty(), "variables that no ${?...} in the config files, bin/qubitd nor the code reads: " + unknown
        + "\nknown: " + known);
  }

  // ---------------------------------------------------------------- Dockerfile

  @Test
  void dockerfileBuildsTheFatJarAndRunsItAsANonRootUserOnTheConfiguredPorts() throws IOException {
    List<Instruction> df = dockerfile();
    List<Instruction> froms = of(df, "FROM");
    assertTrue(froms.size() >= 2, "expected a build stage and a runtime stage, found " + froms);
    assertTrue(froms.get(0).args().matches("(?i)maven:\\S*17\\S*\\s+AS\\s+build"), "build stage: " + froms.get(0).args());
    String runtime = froms.get(froms.size() - 1).args();
    assertTrue(runtime.contains("17") && runtime.contains("jre"), "runtime stage should be a JRE 17, got " + runtime);

    assertTrue(Files.readString(Path.of("pom.xml")).contains("<finalName>qubitd</finalName>"), "pom.xml no longer builds target/qubitd.jar");
    String jar = of(df, "COPY").stream().map(Instruction::args).filter(a -> a.startsWith("--from=build /src/target/qubitd.jar "))
        .map(a -> a.substring(a.lastIndexOf(' ') + 1)).findFirst().orElseThrow(() -> new AssertionError("no COPY of target/qubitd.jar from the build stage"));

    String user = single(df, "USER").split(":")[0];
    assertFalse(user.equals("root") || user.equals("0"), "the image must not run as root");

    Set<Integer> exposed = of(df, "EXPOSE").stream().flatMap(i -> Stream.of(i.args().split("\\s+")))
        .map(p -> Integer.parseInt(p.replace("/tcp", ""))).collect(Collectors.toSet());
    assertEquals(Set.of(httpPort(), arteryPort()), exposed, "EXPOSE must be qubitd.api.port and the artery port");

    String health = single(df, "HEALTHCHECK");
    Matcher url = Pattern.compile("http://[^\\s\"]+").matcher(health);
    assertTrue(url.find(), "HEALTHCHECK without a URL: " + health);
    assertEquals("http://127.0.0.1:${QUBITD_PORT:-" + httpPort() + "}/v1/health", url.group(), "HEALTHCHECK must probe /v1/health on qubitd.api.port");

    assertEquals(DATA_DIR, env(df).get("QUBITD_DATA_DIR"));
    assertTrue(single(df, "VOLUME").contains("\"" + DATA_DIR + "\""), "the data directory must be a VOLUME");
    assertEquals("SIGTERM", single(df, "STOPSIGNAL"));

    List<String> entry = new ObjectMapper().readValue(single(df, "ENTRYPOINT"),
        new ObjectMapper().getTypeFactory().constructCollectionType(List.class, String.class));
    // exec form through bin/qubitd, which is then PID 1, forwards SIGTERM to the JVM and keeps stderr to qubitd's own lines
    assertTrue(of(df, "COPY").stream().anyMatch(i -> i.args().equals("bin /opt/qubitd/bin")), "the image needs bin/qubitd");
    assertEquals("/opt/qubitd/bin/qubitd", entry.get(0), "the container starts as bin/qubitd does");
    assertEquals("/opt/qubitd/target/qubitd.jar", jar, "bin/qubitd runs <home>/target/qubitd.jar");
    String launcher = Files.readString(Path.of("bin", "qubitd"));
    assertTrue(launcher.contains("--add-modules jdk.incubator.vector"), "the kernel's SIMD loops need the Vector API module");
    assertTrue(launcher.contains("trap ") && launcher.contains("kill -TERM"), "bin/qubitd must pass SIGTERM to the JVM");
    assertEquals(List.of("serve", "--host", "0.0.0.0"), entry.subList(entry.size() - 3, entry.size()));
  }

  // ---------------------------------------------------------------- docker compose

  @Test
  void composeRunsThreeClusterNodesOnPostgresWithTheConfiguredPorts() throws IOException {
    JsonNode services = readYaml(COMPOSE).get(0).path("services");
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : services.properties()) {
      if (e.getValue().path("image").asText().equals(image())) nodes.put(e.getKey(), e.getValue());
    }
    assertEquals(3, nodes.size(), "expected three qubitd nodes, found " + nodes.keySet());
    List<String> names = new ArrayList<>(nodes.keySet());

    String postgresName = null;
    for (Map.Entry<String, JsonNode> e : services.properties()) {
      if (e.getValue().path("image").asText().startsWith("postgres:")) postgresName = e.getKey();
    }
    assertNotNull(postgresName, "no PostgreSQL service in " + COMPOSE);
    JsonNode postgres = services.get(postgresName);
    assertTrue(postgres.path("image").asText().matches("postgres:15(\\D.*)?"), "PostgreSQL 15 expected, got " + postgres.path("image"));
    assertTrue(postgres.path("healthcheck").path("test").toString().contains("pg_isready"), "PostgreSQL needs a healthcheck");
    String pgVolume = volumeFor(postgres, "/var/lib/postgresql/data");
    JsonNode pgEnv = postgres.path("environment");

    Set<Integer> hostPorts = new TreeSet<>();
    for (String name : names) {
      JsonNode node = nodes.get(name);
      String where = COMPOSE + " service " + name;
      assertEquals("service_healthy", node.path("depends_on").path(postgresName).path("condition").asText(), where + " must wait for a healthy " + postgresName);
      assertTrue(node.path("build").path("dockerfile").asText().equals("deploy/docker/Dockerfile"), where + " builds from deploy/docker/Dockerfile");
      assertTrue(composeDuration(node.path("stop_grace_period").asText()).compareTo(shutdownTimeout()) > 0,
          where + ": stop_grace_period must exceed qubitd.api.shutdown-timeout " + shutdownTimeout());
      assertEquals(1, node.path("ports").size(), where + " publishes the HTTP port");
      String published = node.path("ports").get(0).asText();
      assertTrue(published.startsWith("${HTTP_PUBLISH_ADDRESS:-127.0.0.1}:"), where + " publishes on loopback unless told: " + published);
      String[] mapping = published.substring(published.indexOf("}:") + 2).split(":");
      assertEquals(httpPort(), Integer.parseInt(mapping[mapping.length - 1]), where + " must publish qubitd.api.port");
      assertTrue(hostPorts.add(Integer.parseInt(mapping[0])), where + " reuses host port " + mapping[0]);
      volumeFor(node, DATA_DIR);

      Map<String, String> env = composeEnvironment(node, where);
      assertEquals("true", env.get("QUBITD_CLUSTER"), where);
      assertEquals(name, env.get("QUBITD_CLUSTER_HOST"), where + ": the cluster hostname is the compose service name");
      assertEquals(name, node.path("hostname").asText(), where);
      assertEquals(String.valueOf(arteryPort()), env.get("QUBITD_CLUSTER_PORT"), where);
      assertEquals(List.of(names.get(0) + ":" + arteryPort(), names.get(1) + ":" + arteryPort()), seeds(env.get("QUBITD_SEED_NODES")),
          where + ": seed nodes are the first two nodes at the artery port");
      assertEquals("configured", env.get("QUBITD_JOURNAL"), where);
      assertEquals(POSTGRES_PROFILE, env.get("QUBITD_JOURNAL_PROFILE").replace("$$", "$"), where);
      assertEquals(POSTGRES_DRIVER, env.get("QUBITD_JOURNAL_DRIVER"), where);
      assertEquals("jdbc:postgresql://" + postgresName + ":5432/" + pgEnv.path("POSTGRES_DB").asText(), env.get("QUBITD_JOURNAL_URL"), where);
      assertEquals(pgEnv.path("POSTGRES_USER").asText(), env.get("QUBITD_JOURNAL_USER"), where);
      assertEquals(pgEnv.path("POSTGRES_PASSWORD").asText(), env.get("QUBITD_JOURNAL_PASSWORD"), where);
    }
    JsonNode volumes = readYaml(COMPOSE).get(0).path("volumes");
    assertTrue(volumes.has(pgVolume), "volume " + pgVolume + " is not declared");
    assertJournalClassesOnClasspath();
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void kubernetesStatefulSetServicesAndProbesAgreeWithTheConfiguration() throws IOException {
    Map<String, List<JsonNode>> byKind = new LinkedHashMap<>();
    Set<String> manifests = new TreeSet<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        for (JsonNode doc : readYaml(f)) byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
        if (!f.getFileName().toString().equals("kustomization.yaml")) manifests.add(f.getFileName().toString());
      }
    }
    JsonNode kustomization = single(byKind, "Kustomization");
    Set<String> resources = new TreeSet<>();
    kustomization.path("resources").forEach(r -> resources.add(r.asText()));
    assertEquals(manifests, resources, "kustomization.yaml must list every manifest");

    JsonNode sts = single(byKind, "StatefulSet");
    JsonNode spec = sts.path("spec");
    assertEquals(3, spec.path("replicas").asInt(), "three replicas");
    JsonNode podLabels = spec.path("template").path("metadata").path("labels");
    assertEquals(podLabels, spec.path("selector").path("matchLabels"));
    JsonNode pod = spec.path("template").path("spec");
    assertTrue(pod.path("terminationGracePeriodSeconds").asLong() > shutdownTimeout().toSeconds(),
        "terminationGracePeriodSeconds must exceed qubitd.api.shutdown-timeout " + shutdownTimeout());
    assertEquals(dockerUid(), pod.path("securityContext").path("runAsUser").asInt(), "runAsUser is the image's qubitd uid");
    assertEquals(1, pod.path("containers").size());
    JsonNode container = pod.path("containers").get(0);
    assertEquals(image(), container.path("image").asText());

    Map<String, Integer> ports = new LinkedHashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertEquals(Map.of("http", httpPort(), "remoting", arteryPort()), ports);
    assertProbe(container, "livenessProbe", "/v1/health", ports);
    assertProbe(container, "readinessProbe", "/v1/ready", ports);
    assertProbe(container, "startupProbe", "/v1/health", ports);
    for (String r : List.of("requests", "limits")) {
      for (String q : List.of("cpu", "memory")) {
        assertFalse(container.path("resources").path(r).path(q).asText().isEmpty(), "resources." + r + "." + q + " missing");
      }
    }
    assertTrue(container.path("volumeMounts").toString().contains("\"mountPath\":\"" + DATA_DIR + "\""), "data directory not mounted");

    String headless = spec.path("serviceName").asText();
    JsonNode headlessService = service(byKind, headless);
    assertEquals("None", headlessService.path("spec").path("clusterIP").asText(), headless + " must be headless");
    assertTrue(headlessService.path("spec").path("publishNotReadyAddresses").asBoolean(), headless + " must publish pods before they are ready");
    assertEquals(podLabels, headlessService.path("spec").path("selector"));
    assertEquals(arteryPort(), servicePort(headlessService, ports), headless + " must point at the artery port");
    assertEquals(arteryPort(), headlessService.path("spec").path("ports").get(0).path("port").asInt(), headless + " must name the artery port");
    List<JsonNode> apiServices = byKind.get("Service").stream()
        .filter(s -> !s.path("spec").path("clusterIP").asText().equals("None")).collect(Collectors.toList());
    assertEquals(1, apiServices.size(), "one Service for the HTTP API");
    assertEquals(podLabels, apiServices.get(0).path("spec").path("selector"));
    assertEquals(httpPort(), apiServices.get(0).path("spec").path("ports").get(0).path("port").asInt());
    assertEquals(httpPort(), servicePort(apiServices.get(0), ports), "the API Service must reach qubitd.api.port");

    Map<String, JsonNode> env = new LinkedHashMap<>();
    List<String> envOrder = new ArrayList<>();
    for (JsonNode from : container.path("envFrom")) {
      String cm = from.path("configMapRef").path("name").asText();
      JsonNode configMap = byKind.getOrDefault("ConfigMap", List.of()).stream()
          .filter(c -> c.path("metadata").path("name").asText().equals(cm)).findFirst()
          .orElseThrow(() -> new AssertionError("envFrom names ConfigMap " + cm + ", not among the manifests"));
      configMap.path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue()));
    }
    for (JsonNode e : container.path("env")) {
      env.put(e.path("name").asText(), e);
      envOrder.add(e.path("name").asText());
    }
    String sts0 = sts.path("metadata").path("name").asText();
    assertEquals("true", env.get("QUBITD_CLUSTER").asText());
    assertEquals(String.valueOf(arteryPort()), env.get("QUBITD_CLUSTER_PORT").asText());
    assertEquals(List.of(sts0 + "-0." + headless + ":" + arteryPort(), sts0 + "-1." + headless + ":" + arteryPort()),
        seeds(env.get("QUBITD_SEED_NODES").asText()), "seed nodes are pods 0 and 1 under the headless Service at the artery port");
    assertEquals("$(POD_NAME)." + headless, env.get("QUBITD_CLUSTER_HOST").path("value").asText(), "each pod's cluster hostname is its stable DNS name");
    assertEquals("metadata.name", env.get("POD_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asText());
    assertTrue(envOrder.indexOf("POD_NAME") < envOrder.indexOf("QUBITD_CLUSTER_HOST"), "$(POD_NAME) expands only if POD_NAME comes first");
    assertEquals("configured", env.get("QUBITD_JOURNAL").asText());
    assertEquals(POSTGRES_PROFILE, env.get("QUBITD_JOURNAL_PROFILE").asText());
    assertEquals(POSTGRES_DRIVER, env.get("QUBITD_JOURNAL_DRIVER").asText());
    for (String secret : List.of("QUBITD_JOURNAL_URL", "QUBITD_JOURNAL_USER", "QUBITD_JOURNAL_PASSWORD")) {
      assertTrue(env.containsKey(secret), secret + " missing");
      assertFalse(env.get(secret).path("valueFrom").path("secretKeyRef").path("name").asText().isEmpty(), secret + " must come from a Secret");
    }
    assertJournalClassesOnClasspath();
  }

  // ---------------------------------------------------------------- systemd

  @Test
  void systemdUnitRunsTheLauncherAsQubitdAndOutlastsTheDrain() throws IOException {
    Map<String, Map<String, List<String>>> unit = systemdUnit();
    Map<String, List<String>> service = unit.getOrDefault("Service", Map.of());
    assertEquals(List.of("/opt/qubitd/bin/qubitd serve"), service.get("ExecStart"));
    assertTrue(Files.isExecutable(Path.of("bin/qubitd")), "ExecStart's bin/qubitd must exist in the distribution");
    assertEquals(List.of("qubitd"), service.get("User"));
    assertEquals(List.of("on-failure"), service.get("Restart"));
    assertEquals(List.of("SIGTERM"), service.get("KillSignal"));
    assertEquals(List.of("/opt/qubitd"), service.get("WorkingDirectory"));
    Duration stop = Duration.ofSeconds(Long.parseLong(service.get("TimeoutStopSec").get(0)));
    assertTrue(stop.compareTo(shutdownTimeout()) > 0 && stop.compareTo(drainTimeout()) > 0,
        "TimeoutStopSec " + stop + " must exceed qubitd.api.shutdown-timeout " + shutdownTimeout() + " and the drain " + drainTimeout());
    assertTrue(service.getOrDefault("Environment", List.of()).contains("QUBITD_DATA_DIR=" + DATA_DIR), "data directory under " + DATA_DIR);
    assertEquals(List.of(DATA_DIR.substring("/var/lib/".length())), service.get("StateDirectory"), "systemd creates the data directory");
    if (service.getOrDefault("ProtectSystem", List.of()).contains("strict")) {
      assertTrue(service.getOrDefault("ReadWritePaths", List.of()).contains(DATA_DIR), "ProtectSystem=strict needs " + DATA_DIR + " writable");
    }
    assertEquals(List.of("multi-user.target"), unit.getOrDefault("Install", Map.of()).get("WantedBy"));
  }

  // ---------------------------------------------------------------- README

  @Test
  void readmeNamesTheImageAndOnlyFilesThatExist() throws IOException {
    String readme = Files.readString(README);
    assertTrue(readme.contains("-t " + image() + " "), "README's docker build must tag " + image());
    assertTrue(Files.readString(DOCKERFILE).contains("-t " + image() + " "), "the Dockerfile's build comment must tag " + image());
    Matcher m = Pattern.compile("deploy/[A-Za-z0-9_./-]*[A-Za-z0-9_]").matcher(readme);
    int named = 0;
    while (m.find()) {
      named++;
      assertTrue(Files.exists(Path.of(m.group())), "README names " + m.group() + ", which does not exist");
    }
    assertTrue(named >= 4, "README should name the deploy files, found " + named);
  }

  // ---------------------------------------------------------------- the configuration's side

  /** The defaults qubitd's own config files give, without any environment override of this machine. */
  private static Config defaults() {
    return ConfigFactory.parseFile(REFERENCE.toFile()).withFallback(ConfigFactory.parseFile(PEKKO_CONF.toFile()))
        .resolve(ConfigResolveOptions.noSystem());
  }

  private static int httpPort() { return DEFAULTS.getInt("qubitd.api.port"); }

  private static Duration shutdownTimeout() { return DEFAULTS.getDuration("qubitd.api.shutdown-timeout"); }

  private static Duration drainTimeout() { return DEFAULTS.getDuration("qubitd.daemon.drain-timeout"); }

  private static int arteryPort() {
    String key = "pekko.remote.artery.canonical.port";
    return DEFAULTS.hasPath(key) ? DEFAULTS.getInt(key) : CLUSTER_PORT_BEFORE_CLUSTER_LANDS;
  }

  /** Every QUBITD_* that a configuration file reads through ${?...}. */
  private static Set<String> configOverrides() throws IOException {
    Set<String> found = new TreeSet<>();
    for (Path dir : List.of(Path.of("src/main/resources"), Path.of("conf"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".conf"))::iterator) {
          Matcher m = OVERRIDE.matcher(Files.readString(f));
          while (m.find()) found.add(m.group(1));
        }
      }
    }
    assertTrue(found.contains("QUBITD_PORT"), "expected reference.conf's overrides, found " + found);
    return found;
  }

  /** The QUBITD_* variables bin/qubitd and logback.xml read themselves, and those the code reads with System.getenv. */
  private static Set<String> launcherVariables() throws IOException {
    Set<String> found = new TreeSet<>();
    for (Path f : List.of(Path.of("bin/qubitd"), Path.of("src/main/resources/logback.xml"))) {
      Matcher m = VARIABLE.matcher(Files.readString(f));
      while (m.find()) found.add(m.group());
    }
    Pattern getenv = Pattern.compile("getenv\\(\"(QUBITD_[A-Z0-9_]+)\"\\)");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Matcher m = getenv.matcher(Files.readString(f));
        while (m.find()) found.add(m.group(1));
      }
    }
    return found;
  }

  private static void assertJournalClassesOnClasspath() {
    for (String cls : List.of(POSTGRES_PROFILE, POSTGRES_DRIVER)) {
      try {
        Class.forName(cls, false, DeploymentFilesTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        fail("the deploy files name " + cls + ", which the jar does not contain");
      }
    }
  }

  // ---------------------------------------------------------------- file readers

  /** The image every deploy file runs: qubitd tagged with the project's version, less -SNAPSHOT. */
  private static String image() {
    try {
      String version = versionFromPom();
      return "qubitd:" + version.replace("-SNAPSHOT", "");
    } catch (IOException e) {
      throw new AssertionError("cannot read pom.xml", e);
    }
  }

  private static String versionFromPom() throws IOException {
    Matcher m = Pattern.compile("<artifactId>qubitd</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "no project version in pom.xml");
    return m.group(1);
  }

  private static List<JsonNode> readYaml(Path f) throws IOException {
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(f.toFile())) {
      List<JsonNode> all = new ArrayList<>(docs.readAll());
      all.removeIf(JsonNode::isNull);
      assertFalse(all.isEmpty(), f + " holds no YAML document");
      return all;
    }
  }

  private static JsonNode single(Map<String, List<JsonNode>> byKind, String kind) {
    List<JsonNode> docs = byKind.getOrDefault(kind, List.of());
    assertEquals(1, docs.size(), "expected one " + kind + " in " + K8S);
    return docs.get(0);
  }

  private static JsonNode service(Map<String, List<JsonNode>> byKind, String name) {
    return byKind.getOrDefault("Service", List.of()).stream().filter(s -> s.path("metadata").path("name").asText().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no Service named " + name + " in " + K8S));
  }

  /** The container port a Service's first port reaches, its targetPort given by name or number. */
  private static int servicePort(JsonNode service, Map<String, Integer> containerPorts) {
    JsonNode port = service.path("spec").path("ports").get(0);
    JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
    return resolvePort(target, containerPorts, "Service " + service.path("metadata").path("name").asText());
  }

  private static void assertProbe(JsonNode container, String probe, String path, Map<String, Integer> ports) {
    JsonNode get = container.path(probe).path("httpGet");
    assertEquals(path, get.path("path").asText(), probe + " path");
    assertEquals(httpPort(), resolvePort(get.path("port"), ports, probe), probe + " must hit qubitd.api.port");
  }

  private static int resolvePort(JsonNode port, Map<String, Integer> containerPorts, String where) {
    if (port.isInt()) return port.asInt();
    Integer named = containerPorts.get(port.asText());
    assertNotNull(named, where + " names port '" + port.asText() + "', which the container does not declare");
    return named;
  }

  /** host:port of each pekko:// seed address, checking the actor system's name. */
  private static List<String> seeds(String list) {
    assertNotNull(list, "QUBITD_SEED_NODES missing");
    List<String> out = new ArrayList<>();
    for (String s : list.split(",")) {
      Matcher m = SEED.matcher(s.trim());
      assertTrue(m.matches(), "not a pekko://system@host:port address: " + s);
      assertEquals(SYSTEM_NAME, m.group(1), "seed " + s + " names another actor system");
      out.add(m.group(2) + ":" + m.group(3));
    }
    return out;
  }

  private static Map<String, String> composeEnvironment(JsonNode service, String where) {
    JsonNode env = service.path("environment");
    assertTrue(env.isObject(), where + ": environment must be a map");
    Map<String, String> out = new LinkedHashMap<>();
    env.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** The named volume a compose service mounts at {@code target}. */
  private static String volumeFor(JsonNode service, String target) {
    for (JsonNode v : service.path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts.length >= 2 && parts[1].equals(target)) return parts[0];
    }
    throw new AssertionError("no volume mounted at " + target + " in " + service);
  }

  /** A compose duration such as 90s, 1m30s or 2m. */
  private static Duration composeDuration(String text) {
    Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      });
      end = m.end();
    }
    assertTrue(end == text.length() && end > 0, "not a compose duration: '" + text + "'");
    return d;
  }

  private record Instruction(String keyword, String args) {}

  /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
  private static List<Instruction> dockerfile() throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKERFILE)) {
      String t = line.strip();
      if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) continue;
      boolean continues = t.endsWith("\\");
      current.append(continues ? t.substring(0, t.length() - 1) : t).append(' ');
      if (!continues) {
        String[] kw = current.toString().strip().split("\\s+", 2);
        out.add(new Instruction(kw[0].toUpperCase(), kw.length > 1 ? kw[1].replaceAll("\\s+", " ") : ""));
        current.setLength(0);
      }
    }
    return out;
  }

  private static List<Instruction> of(List<Instruction> df, String keyword) {
    return df.stream().filter(i -> i.keyword().equals(keyword)).collect(Collectors.toList());
  }

  /** The arguments of the one instruction {@code keyword} in the runtime stage (the last FROM on). */
  private static String single(List<Instruction> df, String keyword) {
    int runtime = 0;
    for (int i = 0; i < df.size(); i++) if (df.get(i).keyword().equals("FROM")) runtime = i;
    List<Instruction> found = of(df.subList(runtime, df.size()), keyword);
    assertEquals(1, found.size(), "expected one " + keyword + " in the runtime stage of " + DOCKERFILE);
    return found.get(0).args();
  }

  private static Map<String, String> env(List<Instruction> df) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Instruction i : of(df, "ENV")) {
      String[] kv = i.args().split("=", 2);
      out.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
    }
    return out;
  }

  /** The uid the image gives its user (useradd --uid). */
  private static int dockerUid() throws IOException {
    Matcher m = Pattern.compile("useradd[^\\n]*--uid (\\d+)").matcher(Files.readString(DOCKERFILE));
    assertTrue(m.find(), "the Dockerfile should create its user with a fixed --uid");
    return Integer.parseInt(m.group(1));
  }

  /** Section → key → values of a systemd unit (keys may repeat). */
  private static Map<String, Map<String, List<String>>> systemdUnit() throws IOException {
    Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
    String section = null;
    for (String line : Files.readAllLines(UNIT)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) continue;
      if (t.startsWith("[") && t.endsWith("]")) {
        section = t.substring(1, t.length() - 1);
        out.putIfAbsent(section, new LinkedHashMap<>());
        continue;
      }
      int eq = t.indexOf('=');
      assertTrue(section != null && eq > 0, UNIT + ": not a key=value line in a section: " + line);
      out.get(section).computeIfAbsent(t.substring(0, eq).strip(), k -> new ArrayList<>()).add(t.substring(eq + 1).strip());
    }
    return out;
  }
}
