package io.qubitd.api;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What each tenant has submitted lately, against its rate quotas: circuits in the last minute
 * (sliding) and shots in the current UTC day. Kept in memory: a restart forgets it. Thread-safe.
 */
final class TenantUsage {

  private record Charge(long atMillis, int circuits) {}

  private static final class Usage {
    final Deque<Charge> lastMinute = new ArrayDeque<>();
    int circuitsInMinute;
    LocalDate day;
    long shotsToday;
  }

  private final Clock clock;
  private final Map<String, Usage> usage = new HashMap<>();

  TenantUsage(Clock clock) {
    this.clock = clock;
  }

  /**
   * Charges {@code circuits} and {@code shots} to {@code tenant} if both fit its quotas and returns null;
   * otherwise charges nothing and returns which quota refused.
   */
  synchronized String charge(Tenants.Tenant tenant, int circuits, long shots) {
    long now = clock.millis();
    Usage u = usage.computeIfAbsent(tenant.name(), k -> new Usage());
    while (!u.lastMinute.isEmpty() && u.lastMinute.peekFirst().atMillis() <= now - 60_000) {
      u.circuitsInMinute -= u.lastMinute.pollFirst().circuits();
    }
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (!today.equals(u.day)) {
      u.day = today;
      u.shotsToday = 0;
    }
    Tenants.Quotas q = tenant.quotas();
    if (u.circuitsInMinute + circuits > q.circuitsPerMinute()) {
      return "tenant '" + tenant.name() + "' submitted " + u.circuitsInMinute + " circuits in the last minute; with "
          + circuits + " more it would pass its quota circuits-per-minute = " + q.circuitsPerMinute() + "; retry later";
    }
    if (u.shotsToday + shots > q.shotsPerDay()) {
      return "tenant '" + tenant.name() + "' submitted " + u.shotsToday + " shots today (UTC); with " + shots
          + " more it would pass its quota shots-per-day = " + q.shotsPerDay();
    }
    u.lastMinute.addLast(new Charge(now, circuits));
    u.circuitsInMinute += circuits;
    u.shotsToday += shots;
    return null;
  }

  /** Gives back a charge whose submission was refused after all. */
  synchronized void refund(Tenants.Tenant tenant, int circuits, long shots) {
    Usage u = usage.get(tenant.name());
    if (u == null) return;
    var it = u.lastMinute.descendingIterator();
    while (it.hasNext()) {
      if (it.next().circuits() == circuits) {
        it.remove();
        u.circuitsInMinute -= circuits;
        break;
      }
    }
    u.shotsToday = Math.max(0, u.shotsToday - shots);
  }
}
