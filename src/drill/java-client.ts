import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The drill's Java client, compiled at run time against the Debian ActiveMQ jars.
 *
 * Two modes, both printing one JSON object per line on stdout (times are epoch milliseconds):
 *
 * - `matrix <timeoutMs> <nonce> <url0,url1,…> <from>to,…`: for every pair, a consumer on broker `to`
 *   and a producer on broker `from` (plain `tcp://` URLs, no failover) on the queue
 *   `drill.matrix.<nonce>.<from>.<to>`; a probe is sent every 250 ms until it arrives or the
 *   timeout passes. Events: `pair` (from, to, ms), then `matrix-done` (ok, failed).
 * - `traffic <failoverUri> <queue> <ratePerSecond> [consumerDelayMs]`: one connection through the failover
 *   URI, a producer sending persistent messages numbered by the `seq` property at a fixed rate, and a
 *   consumer on the same queue (started after `consumerDelayMs`, default at once). Events: `connected`,
 *   `interrupted`, `resumed` (uri), `consumer-started`, `sent` (seq, t0, t), `send-failed`, `recv` (seq,
 *   r = redelivered), `producer-done`, `closed`. Commands on stdin:
 *   `stop-producer`, `quit`; end of stdin also quits, so the client never outlives the drill.
 *
 * Credentials come from the environment (`DRILL_USER`, `DRILL_PASSWORD`), never from the command line.
 */
export const DRILL_CLIENT_SOURCE = String.raw`
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.transport.TransportListener;
import org.apache.activemq.transport.failover.FailoverTransport;

public final class DrillClient {
  private static final Object OUT = new Object();

  private static void emit(String json) {
    synchronized (OUT) {
      System.out.println(json);
      System.out.flush();
    }
  }

  private static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  public static void main(String[] args) throws Exception {
    String user = System.getenv("DRILL_USER");
    String password = System.getenv("DRILL_PASSWORD");
    if (args.length > 0 && "matrix".equals(args[0])) {
      matrix(user, password, Long.parseLong(args[1]), args[2], args[3].split(","), args[4].split(","));
    } else if (args.length > 0 && "traffic".equals(args[0])) {
      traffic(user, password, args[1], args[2], Double.parseDouble(args[3]), args.length > 4 ? Long.parseLong(args[4]) : 0L);
    } else {
      System.err.println("usage: DrillClient matrix|traffic ...");
      System.exit(2);
    }
    System.exit(0);
  }

  private static void matrix(String user, String password, long timeoutMs, String nonce, String[] urls,
      String[] pairs) throws Exception {
    long start = now();
    List<Connection> connections = new ArrayList<>();
    Session[] sessions = new Session[urls.length];
    for (int i = 0; i < urls.length; i++) {
      ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, urls[i]);
      f.setWatchTopicAdvisories(false);
      Connection c = f.createConnection();
      c.start();
      connections.add(c);
      sessions[i] = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }
    final ConcurrentHashMap<String, Long> done = new ConcurrentHashMap<>();
    List<MessageProducer> producers = new ArrayList<>();
    List<Session> producerSessions = new ArrayList<>();
    for (String pair : pairs) {
      final String[] p = pair.split(">");
      final int from = Integer.parseInt(p[0]);
      final int to = Integer.parseInt(p[1]);
      final String key = pair;
      Session consumerSession = connections.get(to).createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue q = consumerSession.createQueue("drill.matrix." + nonce + "." + from + "." + to);
      MessageConsumer consumer = consumerSession.createConsumer(q);
      consumer.setMessageListener(m -> {
        if (done.putIfAbsent(key, now() - start) == null) {
          emit("{\"e\":\"pair\",\"from\":" + from + ",\"to\":" + to + ",\"ms\":" + (now() - start) + "}");
        }
      });
      Session ps = connections.get(from).createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = ps.createProducer(ps.createQueue("drill.matrix." + nonce + "." + from + "." + to));
      producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
      producer.setTimeToLive(Math.max(2000L, timeoutMs));
      producers.add(producer);
      producerSessions.add(ps);
    }
    while (done.size() < pairs.length && now() - start < timeoutMs) {
      for (int i = 0; i < pairs.length; i++) {
        if (!done.containsKey(pairs[i])) {
          producers.get(i).send(producerSessions.get(i).createTextMessage("probe " + pairs[i]));
        }
      }
      Thread.sleep(250);
    }
    StringBuilder ok = new StringBuilder();
    StringBuilder failed = new StringBuilder();
    for (String pair : pairs) {
      StringBuilder b = done.containsKey(pair) ? ok : failed;
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(str(pair));
    }
    emit("{\"e\":\"matrix-done\",\"ms\":" + (now() - start) + ",\"ok\":[" + ok + "],\"failed\":[" + failed + "]}");
    for (Connection c : connections) {
      try {
        c.close();
      } catch (Exception e) {
        // closing is best effort: the drill stops the brokers next
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
        emit("{\"e\":\"recv\",\"t\":" + now() + ",\"seq\":" + m.getLongProperty("seq") + ",\"r\":"
            + (m.getJMSRedelivered() ? 1 : 0) + "}");
      } catch (JMSException e) {
        emit("{\"e\":\"error\",\"t\":" + now() + ",\"msg\":" + str(String.valueOf(e)) + "}");
      }
    });
    emit("{\"e\":\"consumer-started\",\"t\":" + now() + ",\"uri\":" + str(connectedUri(c)) + "}");
  }

  private static void traffic(String user, String password, String uri, String queueName, double rate,
      long consumerDelayMs) throws Exception {
    ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, uri);
    final ActiveMQConnection c = (ActiveMQConnection) f.createConnection();
    c.addTransportListener(new TransportListener() {
      public void onCommand(Object command) {
      }

      public void onException(java.io.IOException error) {
        emit("{\"e\":\"error\",\"t\":" + now() + ",\"msg\":" + str(String.valueOf(error)) + "}");
      }

      // sic: ActiveMQ's TransportListener spells it "Interupted"
      public void transportInterupted() {
        emit("{\"e\":\"interrupted\",\"t\":" + now() + "}");
      }

      public void transportResumed() {
        emit("{\"e\":\"resumed\",\"t\":" + now() + ",\"uri\":" + str(connectedUri(c)) + "}");
      }
    });
    c.start();
    emit("{\"e\":\"connected\",\"t\":" + now() + ",\"uri\":" + str(connectedUri(c)) + "}");
    if (consumerDelayMs <= 0) {
      startConsumer(c, queueName);
    } else {
      // a late consumer: messages pile up on the broker the producer uses (the drill's backlog mode)
      Thread late = new Thread(() -> {
        try {
          Thread.sleep(consumerDelayMs);
          startConsumer(c, queueName);
        } catch (Exception e) {
          emit("{\"e\":\"error\",\"t\":" + now() + ",\"msg\":" + str(String.valueOf(e)) + "}");
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
        emit("{\"e\":\"sent\",\"seq\":" + seq + ",\"t0\":" + t0 + ",\"t\":" + now() + "}");
      } catch (JMSException e) {
        emit("{\"e\":\"send-failed\",\"seq\":" + seq + ",\"t0\":" + t0 + ",\"t\":" + now() + ",\"msg\":"
            + str(String.valueOf(e)) + "}");
      }
      next += periodNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      } else {
        next = System.nanoTime();
      }
    }
    emit("{\"e\":\"producer-done\",\"t\":" + now() + ",\"lastSeq\":" + seq + "}");
    while (!quit.get()) {
      Thread.sleep(50);
    }
    Thread closer = new Thread(() -> {
      try {
        c.close();
      } catch (Exception e) {
        // the broker may be gone; the JVM exits below either way
      }
    });
    closer.setDaemon(true);
    closer.start();
    closer.join(3000);
    emit("{\"e\":\"closed\",\"t\":" + now() + "}");
  }
}
`;

/** Jars the client needs, relative to the ActiveMQ home's `lib/` (Debian symlinks into /usr/share/java). */
const CLIENT_JARS = [
  'activemq-client.jar',
  'geronimo-jms_1.1_spec.jar',
  'hawtbuf.jar',
  'slf4j-api.jar',
  'geronimo-j2ee-management-1.1-spec.jar',
];

/** Optional logging binding that silences slf4j's "defaulting to no-operation" banner when present. */
const OPTIONAL_JARS = ['/usr/share/java/slf4j-nop.jar'];

/** The Java classpath for compiling and running the client against an ActiveMQ installation. */
export function clientClasspath(activemqHome: string): string[] {
  const jars = CLIENT_JARS.map((j) => path.join(activemqHome, 'lib', j));
  for (const j of OPTIONAL_JARS) {
    if (fs.existsSync(j)) {
      jars.push(j);
    }
  }
  return jars;
}

/**
 * Compiles the client once per (source, classpath) into a cache directory and returns the directory
 * holding `DrillClient.class`. Compiles into a fresh temporary directory and renames it into place, so
 * concurrent drills never see a half-written class.
 */
export async function compileClient(
  activemqHome: string,
  cacheRoot: string = path.join(os.tmpdir(), 'cdk-activemq-mesh-drill'),
  signal?: AbortSignal,
): Promise<string> {
  const classpath = clientClasspath(activemqHome);
  const missing = classpath.filter((j) => !fs.existsSync(j));
  if (missing.length > 0) {
    throw new Error(`ActiveMQ client jars not found (${missing.join(', ')}): install them with \`apt-get install -y activemq\``);
  }
  const hash = createHash('sha256').update(DRILL_CLIENT_SOURCE).update(classpath.join(':')).digest('hex').slice(0, 16);
  const target = path.join(cacheRoot, `client-${hash}`);
  if (fs.existsSync(path.join(target, 'DrillClient.class'))) {
    return target;
  }
  fs.mkdirSync(cacheRoot, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheRoot, 'build-'));
  fs.writeFileSync(path.join(tmp, 'DrillClient.java'), DRILL_CLIENT_SOURCE);
  const failure = await new Promise<string | undefined>((resolve) => {
    // javac through the JRE's own jdk.compiler module: Debian's activemq package brings only a JRE
    // (openjdk-17-jre-headless), whose module image includes the compiler, so no JDK is needed.
    const args = ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-nowarn', '-cp', classpath.join(':'), '-d', tmp, path.join(tmp, 'DrillClient.java')];
    const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => stderr += d);
    // on abort (Ctrl-C, failure) the compiler is killed and waited for: the drill leaves no process behind
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) {
      onAbort();
    }
    const done = (result: string | undefined) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    child.once('error', (e) => done(e.message));
    child.once('close', (code, sig) => done(code === 0 ? undefined : `javac ended with ${code ?? sig}\n${stderr}`));
  });
  if (failure !== undefined) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new Error(/Module jdk\.compiler not found/.test(failure)
      ? 'this Java runtime has no compiler module (jdk.compiler) to build the drill client: install a JDK with `apt-get install -y default-jdk-headless`'
      : `javac failed to compile the drill client: ${failure}`);
  }
  try {
    fs.renameSync(tmp, target);
  } catch {
    // another drill won the race; its copy is identical
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}
