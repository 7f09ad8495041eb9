package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients that hold connections without finishing their requests: bounded in time and in number. */
class SlowClientsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration LIMIT = Duration.ofMillis(500);

  private ApiHarness api;

  @BeforeEach
  void bind() throws Exception {
    ApiSettings s = Fixtures.settings(Duration.ofSeconds(2));
    api = new ApiHarness(KIT, new ApiSettings(s.host(), s.port(), s.askTimeout(), s.readyTimeout(), s.eventBuffer(),
        s.listLimit(), s.listMaxLimit(), s.defaultShots(), s.unbindDeadline(), s.shutdownTimeout(), LIMIT, LIMIT, 2));
  }

  @AfterEach
  void unbind() throws Exception { api.close(); }

  @AfterAll
  static void stop() { KIT.shutdownTestKit(); }

  Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", api.base.getPort());
    s.setSoTimeout(5_000);
    return s;
  }

  /** Everything the server sends until it closes the connection (or 5 s pass). */
  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
    } catch (SocketTimeoutException e) {
      return out.toString(StandardCharsets.UTF_8) + "[still open after 5 s]";
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBodyTrickledSlowerThanTheEntityTimeoutIs408() throws Exception {
    try (Socket s = open()) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      for (int i = 0; i < 3 && !s.isClosed(); i++) {
        Thread.sleep(300);
        try {
          out.write(' ');
          out.flush();
        } catch (IOException closed) {
          break;
        }
      }
      String answer = readAll(s.getInputStream());
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("qubitd.api.entity-timeout"), answer);
      assertTrue(seconds < 3, "answered after " + seconds + " s");
    }
    api.gateway.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void connectionsBeyondTheLimitGetA503AndSilentOnesAreClosedAfterTheHeaderTimeout() throws Exception {
    try (Socket a = open(); Socket b = open()) {
      a.getOutputStream().write("GET /v1/jo".getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(200);  // both connections are held, neither has finished its headers
      try (Socket c = open()) {
        c.getOutputStream().write("GET /v2/nothing HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String refused = readAll(c.getInputStream());
        assertTrue(refused.startsWith("HTTP/1.1 503"), refused);
        assertTrue(refused.contains("qubitd.api.max-connections"), refused);
      }
      long t0 = System.nanoTime();
      for (Socket slow : new Socket[] {a, b}) {
        // cut off: closed, with nothing served (pekko may say 500 to a half-sent request line)
        String cut = readAll(slow.getInputStream());
        assertTrue(cut.isEmpty() || cut.startsWith("HTTP/1.1 500"), cut);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertTrue(seconds < 2, "closed after " + seconds + " s");
    }
    try (Socket d = open()) {
      d.getOutputStream().write("GET /v2/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String served = readAll(d.getInputStream());
      assertTrue(served.startsWith("HTTP/1.1 404"), "once the slow ones are gone a new client is served: " + served);
    }
  }
}
