package io.qubitd.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.qubitd.device.CalibrationSnapshot;
import io.qubitd.scheduler.Jobs.BackendInfo;
import io.qubitd.scheduler.Jobs.CircuitResult;
import io.qubitd.scheduler.Jobs.JobInfo;
import io.qubitd.scheduler.Jobs.JobRequest;
import io.qubitd.scheduler.Jobs.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A small JVM client of a running qubitd over HTTP/JSON. Thread-safe. Every call throws
 * {@link QubitdException} when the daemon refuses the request (its status and message) or
 * cannot be reached.
 */
public final class QubitdClient {
  private final URI base;
  private final Duration requestTimeout;
  private final HttpClient http;

  /** A client of the daemon at {@code base} (such as {@code http://127.0.0.1:8080}); each request may take {@code requestTimeout}. */
  public QubitdClient(URI base, Duration requestTimeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
  }

  public QubitdClient(URI base) { this(base, Duration.ofSeconds(30)); }

  public URI base() { return base; }

  /** Submits a job; returns it as queued (its id names it from now on). */
  public JobInfo submit(JobRequest request) {
    return WireFormat.readJob(send("POST", "/v1/jobs", WireFormat.write(WireFormat.jobRequest(request))));
  }

  public JobInfo status(String id) { return WireFormat.readJob(send("GET", jobPath(id), null)); }

  /** The results of a completed job, in circuit order; a job not (or never) completed is a 409. */
  public List<CircuitResult> result(String id) {
    return WireFormat.readResults(send("GET", jobPath(id) + "/result", null));
  }

  /** Cancels a queued or running job; returns what is known of it afterwards. */
  public JobInfo cancel(String id) { return WireFormat.readJob(send("DELETE", jobPath(id), null)); }

  /** Jobs newest first; {@code client} and {@code status} may be null (any), {@code limit} 0 means the server's default. */
  public List<JobInfo> list(String client, JobStatus status, int limit) {
    List<String> q = new ArrayList<>();
    if (client != null) q.add("client=" + encode(client));
    if (status != null) q.add("status=" + status.wire());
    if (limit > 0) q.add("limit=" + limit);
    return WireFormat.readJobList(send("GET", "/v1/jobs" + (q.isEmpty() ? "" : "?" + String.join("&", q)), null));
  }

  public List<BackendInfo> backends() { return WireFormat.readBackendList(send("GET", "/v1/backends", null)); }

  public CalibrationSnapshot calibration(String backend) {
    return WireFormat.readCalibration(send("GET", "/v1/backends/" + encode(backend) + "/calibration", null));
  }

  /**
   * Polls the job every {@code pollInterval} until it is completed, failed or cancelled, and returns it.
   *
   * @throws TimeoutException when it is still unfinished after {@code timeout}
   */
  public JobInfo waitForCompletion(String id, Duration timeout, Duration pollInterval)
      throws TimeoutException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      JobInfo job = status(id);
      if (job.status().isFinal()) return job;
      if (Instant.now().isAfter(deadline)) {
        throw new TimeoutException("job " + id + " is still " + job.status().wire() + " after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
        .header("Accept", "application/json");
    if (body != null) b.header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new QubitdException("cannot reach qubitd at " + base + ": " + why, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QubitdException("interrupted while waiting for qubitd at " + base, e);
    }
    JsonNode json;
    try {
      json = WireFormat.parseObject(response.body());
    } catch (WireFormatException e) {
      throw new QubitdException(response.statusCode(), "qubitd answered " + method + " " + path + " with status "
          + response.statusCode() + " and no JSON object: " + abbreviate(response.body()));
    }
    if (response.statusCode() >= 400) {
      throw new QubitdException(response.statusCode(), json.path("error").asText("status " + response.statusCode()));
    }
    return json;
  }

  private static String jobPath(String id) { return "/v1/jobs/" + encode(id); }

  private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"); }

  private static String abbreviate(String s) { return s.length() > 200 ? s.substring(0, 200) + "..." : s; }
}
