// SPDX-License-Identifier: Apache-2.0
//
// The drill's Java client: real ActiveMQ OpenWire connections (Debian's activemq-client 5.17), driven by the
// `cdk-activemq-mesh drill` command. Compiled once per (source, classpath) into a cache directory by
// src/drill/java-client.ts; shipped in the npm package as lib/drill/java/DrillClient.java.
//
// Every stdout line is one JSON event object {"e":"<kind>", ...}; times are epoch milliseconds. The event kinds
// and their fields are declared once on the TypeScript side (src/drill/client-events.ts), which validates each
// line. Diagnostics go to stderr. Credentials come from the environment (DRILL_USER, DRILL_PASSWORD), never from
// the command line (visible in `ps`).
//
// Modes:
//   check-failover <uri>
//       Builds the connection factory and the transport chain for <uri> exactly as `traffic` does, without
//       connecting: the client's own checks of failover, jms.* and nested.* options.
//       Events: failover-valid | failover-invalid (msg).
//   matrix <timeoutMs> <queuePrefix> <url0,url1,...> <from>to,...
//       For every pair, a consumer on broker `to` and a producer on broker `from` (plain tcp:// URLs) on the queue
//       <queuePrefix>.<from>.<to>; a probe every 250 ms until it arrives or the timeout passes.
//       Events: pair (from, to, ms) once per pair that carried a message, then matrix-done (ms).
//   monitor <intervalMs> <queuePrefix> <url0,url1,...> <from>to,...
//       Watches bridges continuously: for every pair a consumer on broker `to` and a producer on broker `from`, each
//       through a one-broker failover URI (it comes back by itself when its broker restarts) on the queue
//       <queuePrefix>.<from>.<to>; every intervalMs a non-persistent probe numbered per pair. Events: probe-sent (from,
//       to, seq, t) or probe-failed (from, to, seq, t) per probe sent, probe (from, to, seq, t: when received) per probe
//       received. Runs until `quit` (or the end of stdin).
//   access <url> <queue>
//       Connects to one broker and sends one persistent message to <queue> (synchronously, so that the broker's
//       answer arrives). Events: access (ok, phase: connect | send, msg) — a refusal by the authorization map is a
//       failed send with the broker's "not authorized" message.
//   traffic <failoverUri> <queue> <ratePerSecond> [consumerDelayMs [consumerFailoverUri]]
//       One connection through the failover URI; a producer sends persistent messages numbered by the `seq`
//       property at a fixed rate, a consumer on the same queue (after consumerDelayMs), on the same connection or on
//       its own through consumerFailoverUri (messages then cross a bridge). Events: connected (uri),
//       consumer-started (uri), sent (seq, t0, t), send-failed (seq, t0, t, msg), recv (seq, redelivered),
//       interrupted, resumed (uri), error (msg), producer-done (lastSeq), closed. Commands on stdin:
//       `stop-producer`, `quit`; end of stdin also quits, so the client never outlives the drill.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.transport.TransportFactory;
import org.apache.activemq.transport.TransportListener;
import org.apache.activemq.transport.failover.FailoverTransport;
import org.apache.activemq.util.IntrospectionSupport;
import org.apache.activemq.util.URISupport;

public final class DrillClient {
  private static final Object OUT = new Object();

  private DrillClient() {
  }

  /** One JSON event line. Keys and values are escaped; non-ASCII is written as \\u escapes, so the line is ASCII. */
  static final class Event {
    private final StringBuilder json = new StringBuilder("{");

    Event(String kind) {
      str("e", kind);
    }

    Event num(String key, long value) {
      key(key).append(value);
      return this;
    }

    Event bool(String key, boolean value) {
      key(key).append(value);
      return this;
    }

    /** A string value; null is written as JSON null. */
    Event str(String key, String value) {
      StringBuilder b = key(key);
      if (value == null) {
        b.append("null");
      } else {
        quote(b, value);
      }
      return this;
    }

    private StringBuilder key(String key) {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, key);
      return json.append(':');
    }

    /** RFC 8259 string: quote, backslash and control characters escaped; everything outside ASCII as \\uXXXX. */
    static void quote(StringBuilder b, String s) {
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c == '\n') {
          b.append("\\n");
        } else if (c == '\r') {
          b.append("\\r");
        } else if (c == '\t') {
          b.append("\\t");
        } else if (c < 0x20 || c > 0x7e) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      b.append('"');
    }

    void emit() {
      String line = json.toString() + "}";
      synchronized (OUT) {
        System.out.println(line);
        System.out.flush();
      }
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  public static void main(String[] args) throws Exception {
    String user = System.getenv("DRILL_USER");
    String password = System.getenv("DRILL_PASSWORD");
    String mode = args.length > 0 ? args[0] : "";
    if ("check-failover".equals(mode) && args.length == 2) {
      checkFailover(args[1]);
    } else if ("matrix".equals(mode) && args.length == 5) {
      matrix(user, password, Long.parseLong(args[1]), args[2], args[3].split(","), args[4].split(","));
    } else if ("monitor".equals(mode) && args.length == 5) {
      monitor(user, password, Long.parseLong(args[1]), args[2], args[3].split(","), args[4].split(","));
    } else if ("access".equals(mode) && args.length == 3) {
      access(user, password, args[1], args[2]);
    } else if ("traffic".equals(mode) && args.length >= 4 && args.length <= 6) {
      traffic(user, password, args[1], args[2], Double.parseDouble(args[3]), args.length > 4 ? Long.parseLong(args[4]) : 0L,
          args.length > 5 ? args[5] : null);
    } else {
      System.err.println("usage: DrillClient check-failover <uri> | matrix <timeoutMs> <queuePrefix> <urls> <pairs>"
          + " | monitor <intervalMs> <queuePrefix> <urls> <pairs> | access <url> <queue> | traffic <uri> <queue> <rate> [consumerDelayMs [consumerUri]]");
      System.exit(2);
    }
    System.exit(0);
  }

  private static void checkFailover(String uri) {
    try {
      // the factory takes the jms.* options (and refuses unknown ones) and leaves the transport URI
      ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(uri);
      URI transportUri = new URI(factory.getBrokerURL());
      // the failover transport, as createConnection() builds it, but not started: its options are checked here
      TransportFactory.compositeConnect(transportUri);
      // each endpoint's transport with the nested.* options the failover transport hands it when it connects
      URISupport.CompositeData composite = URISupport.parseComposite(transportUri);
      Map<String, Object> nested = IntrospectionSupport.extractProperties(
          new java.util.HashMap<String, Object>(composite.getParameters()), "nested.");
      for (URI endpoint : composite.getComponents()) {
        Map<String, String> options = new java.util.HashMap<>();
        nested.forEach((k, v) -> options.put(k, String.valueOf(v)));
        TransportFactory.compositeConnect(URISupport.applyParameters(endpoint, options, ""));
      }
      new Event("failover-valid").emit();
    } catch (Exception e) {
      new Event("failover-invalid").str("msg", describe(e)).emit();
    }
  }

  private static void matrix(String user, String password, long timeoutMs, String queuePrefix, String[] urls,
      String[] pairs) throws Exception {
    long start = now();
    Connection[] connections = new Connection[urls.length];
    for (int i = 0; i < urls.length; i++) {
      ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, urls[i]);
      f.setWatchTopicAdvisories(false);
      connections[i] = f.createConnection();
      connections[i].start();
    }
    final ConcurrentHashMap<String, Boolean> done = new ConcurrentHashMap<>();
    MessageProducer[] producers = new MessageProducer[pairs.length];
    Session[] producerSessions = new Session[pairs.length];
    for (int k = 0; k < pairs.length; k++) {
      final String pair = pairs[k];
      final String[] p = pair.split(">");
      final int from = Integer.parseInt(p[0]);
      final int to = Integer.parseInt(p[1]);
      final String queue = queuePrefix + "." + from + "." + to;
      Session consumerSession = connections[to].createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(queue));
      consumer.setMessageListener(m -> {
        if (done.putIfAbsent(pair, Boolean.TRUE) == null) {
          new Event("pair").num("from", from).num("to", to).num("ms", now() - start).emit();
        }
      });
      producerSessions[k] = connections[from].createSession(false, Session.AUTO_ACKNOWLEDGE);
      producers[k] = producerSessions[k].createProducer(producerSessions[k].createQueue(queue));
      producers[k].setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      producers[k].setTimeToLive(Math.max(2000L, timeoutMs));
    }
    while (done.size() < pairs.length && now() - start < timeoutMs) {
      for (int k = 0; k < pairs.length; k++) {
        if (!done.containsKey(pairs[k])) {
          producers[k].send(producerSessions[k].createTextMessage("probe " + pairs[k]));
        }
      }
      Thread.sleep(250);
    }
    new Event("matrix-done").num("ms", now() - start).emit();
    for (Connection c : connections) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort: the drill stops the brokers next
      }
    }
  }

  /**
   * A connection to one broker that reconnects by itself when the broker restarts; sends fail after 500 ms while it is
   * down. It never follows the broker's cluster updates (updateClusterClients/rebalanceClusterClients would move it to
   * another broker, and a probe would then not need the bridge it is meant to watch).
   */
  private static Connection watchedConnection(String user, String password, String url) throws JMSException {
    ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password,
        "failover:(" + url + ")?initialReconnectDelay=50&maxReconnectDelay=250&timeout=500&updateURIsSupported=false");
    f.setWatchTopicAdvisories(false);
    Connection c = f.createConnection();
    c.start();
    return c;
  }

  private static void monitor(String user, String password, final long intervalMs, String queuePrefix, String[] urls,
      String[] pairs) throws Exception {
    Connection[] connections = new Connection[urls.length];
    for (int i = 0; i < urls.length; i++) {
      connections[i] = watchedConnection(user, password, urls[i]);
    }
    final AtomicBoolean running = new AtomicBoolean(true);
    java.util.List<Thread> senders = new java.util.ArrayList<>();
    for (String pair : pairs) {
      String[] p = pair.split(">");
      final int from = Integer.parseInt(p[0]);
      final int to = Integer.parseInt(p[1]);
      final String queue = queuePrefix + "." + from + "." + to;
      Session consumerSession = connections[to].createSession(false, Session.AUTO_ACKNOWLEDGE);
      consumerSession.createConsumer(consumerSession.createQueue(queue)).setMessageListener(m -> {
        try {
          new Event("probe").num("from", from).num("to", to).num("seq", m.getLongProperty("seq")).num("t", now()).emit();
        } catch (JMSException e) {
          new Event("error").num("t", now()).str("msg", describe(e)).emit();
        }
      });
      final Session producerSession = connections[from].createSession(false, Session.AUTO_ACKNOWLEDGE);
      final MessageProducer producer = producerSession.createProducer(producerSession.createQueue(queue));
      producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      Thread sender = new Thread(() -> {
        long seq = 0;
        long next = System.currentTimeMillis();
        while (running.get()) {
          seq++;
          long t = now();
          try {
            TextMessage m = producerSession.createTextMessage("probe");
            m.setLongProperty("seq", seq);
            producer.send(m);
            new Event("probe-sent").num("from", from).num("to", to).num("seq", seq).num("t", t).emit();
          } catch (Exception e) {
            new Event("probe-failed").num("from", from).num("to", to).num("seq", seq).num("t", t).emit();
          }
          next += intervalMs;
          long wait = next - System.currentTimeMillis();
          if (wait > 0) {
            try {
              Thread.sleep(wait);
            } catch (InterruptedException e) {
              return;
            }
          } else {
            next = System.currentTimeMillis();
          }
        }
      });
      sender.setDaemon(true);
      senders.add(sender);
    }
    for (Thread t : senders) {
      t.start();
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
      String line;
      while ((line = in.readLine()) != null && !"quit".equals(line.trim())) {
        // only `quit` (or the end of stdin) stops the monitor
      }
    }
    running.set(false);
    new Event("closed").num("t", now()).emit();
  }

  private static void access(String user, String password, String url, String queue) {
    ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, url);
    f.setWatchTopicAdvisories(false);
    f.setAlwaysSyncSend(true);
    Connection c;
    try {
      c = f.createConnection();
      c.start();
    } catch (Exception e) {
      new Event("access").bool("ok", false).str("phase", "connect").str("msg", describe(e)).emit();
      return;
    }
    try {
      Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer p = s.createProducer(s.createQueue(queue));
      p.setDeliveryMode(DeliveryMode.PERSISTENT);
      p.send(s.createTextMessage("drill access probe"));
      new Event("access").bool("ok", true).str("phase", "send").str("msg", null).emit();
    } catch (Exception e) {
      new Event("access").bool("ok", false).str("phase", "send").str("msg", describe(e)).emit();
    } finally {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static String connectedUri(ActiveMQConnection c) {
    FailoverTransport ft = c.getTransport().narrow(FailoverTransport.class);
    if (ft != null) {
      URI u = ft.getConnectedTransportURI();
      return u == null ? null : u.toString();
    }
    return c.getBrokerInfo() == null ? null : String.valueOf(c.getTransport().getRemoteAddress());
  }

  private static void startConsumer(ActiveMQConnection c, String queueName) throws JMSException {
    Session consumerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(queueName));
    consumer.setMessageListener(m -> {
      try {
        new Event("recv").num("t", now()).num("seq", m.getLongProperty("seq")).bool("redelivered", m.getJMSRedelivered()).emit();
      } catch (JMSException e) {
        new Event("error").num("t", now()).str("msg", describe(e)).emit();
      }
    });
    new Event("consumer-started").num("t", now()).str("uri", connectedUri(c)).emit();
  }

  private static void traffic(String user, String password, String uri, String queueName, double rate,
      long consumerDelayMs, String consumerUri) throws Exception {
    ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, uri);
    final ActiveMQConnection c = (ActiveMQConnection) f.createConnection();
    final ActiveMQConnection consumerConnection = consumerUri == null ? c
        : (ActiveMQConnection) new ActiveMQConnectionFactory(user, password, consumerUri).createConnection();
    c.addTransportListener(new TransportListener() {
      public void onCommand(Object command) {
      }

      public void onException(java.io.IOException error) {
        new Event("error").num("t", now()).str("msg", describe(error)).emit();
      }

      // sic: ActiveMQ's TransportListener spells it "Interupted"
      public void transportInterupted() {
        new Event("interrupted").num("t", now()).emit();
      }

      public void transportResumed() {
        new Event("resumed").num("t", now()).str("uri", connectedUri(c)).emit();
      }
    });
    c.start();
    consumerConnection.start();
    new Event("connected").num("t", now()).str("uri", connectedUri(c)).emit();
    if (consumerDelayMs <= 0) {
      startConsumer(consumerConnection, queueName);
    } else {
      // a late consumer: messages pile up on the broker the producer uses (the drill's backlog mode)
      Thread late = new Thread(() -> {
        try {
          Thread.sleep(consumerDelayMs);
          startConsumer(consumerConnection, queueName);
        } catch (Exception e) {
          new Event("error").num("t", now()).str("msg", describe(e)).emit();
        }
      });
      late.setDaemon(true);
      late.start();
    }
    final AtomicBoolean producing = new AtomicBoolean(true);
    final AtomicBoolean quit = new AtomicBoolean(false);
    Thread control = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
        String line;
        while ((line = in.readLine()) != null) {
          if ("stop-producer".equals(line.trim())) {
            producing.set(false);
          } else if ("quit".equals(line.trim())) {
            break;
          }
        }
      } catch (Exception e) {
        // stdin closed: the drill is gone
      }
      producing.set(false);
      quit.set(true);
    });
    control.setDaemon(true);
    control.start();

    Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    MessageProducer producer = producerSession.createProducer(producerSession.createQueue(queueName));
    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
    long periodNanos = (long) (1_000_000_000L / rate);
    long next = System.nanoTime();
    long seq = 0;
    while (producing.get()) {
      seq++;
      long t0 = now();
      try {
        TextMessage m = producerSession.createTextMessage("drill message " + seq);
        m.setLongProperty("seq", seq);
        m.setLongProperty("sentAt", t0);
        producer.send(m);
        new Event("sent").num("seq", seq).num("t0", t0).num("t", now()).emit();
      } catch (JMSException e) {
        new Event("send-failed").num("seq", seq).num("t0", t0).num("t", now()).str("msg", describe(e)).emit();
      }
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } else {
        next = System.nanoTime();
      }
    }
    new Event("producer-done").num("t", now()).num("lastSeq", seq).emit();
    while (!quit.get()) {
      Thread.sleep(50);
    }
    Thread closer = new Thread(() -> {
      try {
        c.close();
        if (consumerConnection != c) {
          consumerConnection.close();
        }
      } catch (Exception e) {
        // the broker may be gone; the JVM exits below either way
      }
    });
    closer.setDaemon(true);
    closer.start();
    closer.join(3000);
    new Event("closed").num("t", now()).emit();
  }
}
