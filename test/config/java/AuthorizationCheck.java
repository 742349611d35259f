import javax.jms.Connection;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Runs JMS operations against local brokers with the real ActiveMQ client and prints one line per operation:
 * "OK [text]", "NONE" (nothing received in time), "DENIED <message>" (a JMSSecurityException: the broker's
 * authorization refused it) or "ERROR <class> <message>". Each argument is one operation, fields separated by '|':
 *   SEND|url|user|password|queue|text
 *   RECEIVE|url|user|password|queue|timeoutMs
 *   BRIDGE|consumerUrl|producerUrl|user|password|queue|timeoutMs   (consume on one broker, send on another until it
 *   arrives or the time is up)
 */
public class AuthorizationCheck {
  public static void main(String[] args) {
    for (String op : args) {
      String[] f = op.split("\\|", -1);
      try {
        switch (f[0]) {
          case "SEND": send(f[1], f[2], f[3], f[4], f[5]); System.out.println("OK"); break;
          case "RECEIVE": {
            String text = receive(f[1], f[2], f[3], f[4], Long.parseLong(f[5]));
            System.out.println(text == null ? "NONE" : "OK " + text);
            break;
          }
          case "BRIDGE": System.out.println(bridge(f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6]))); break;
          default: System.out.println("ERROR unknown operation " + f[0]);
        }
      } catch (JMSSecurityException e) {
        System.out.println("DENIED " + e.getMessage());
      } catch (Exception e) {
        System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
      }
    }
  }

  static Connection connect(String url, String user, String password) throws JMSException {
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
    factory.setUserName(user);
    factory.setPassword(password);
    Connection connection = factory.createConnection();
    connection.start();
    return connection;
  }

  static void send(String url, String user, String password, String queue, String text) throws JMSException {
    Connection connection = connect(url, user, password);
    try {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = session.createProducer(session.createQueue(queue));
      producer.send(session.createTextMessage(text));
    } finally {
      connection.close();
    }
  }

  static String receive(String url, String user, String password, String queue, long timeoutMs) throws JMSException {
    Connection connection = connect(url, user, password);
    try {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Message message = session.createConsumer(session.createQueue(queue)).receive(timeoutMs);
      return message == null ? null : ((TextMessage) message).getText();
    } finally {
      connection.close();
    }
  }

  static String bridge(String consumerUrl, String producerUrl, String user, String password, String queue, long timeoutMs) throws Exception {
    Connection consumerConnection = connect(consumerUrl, user, password);
    try {
      Session session = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
      long deadline = System.currentTimeMillis() + timeoutMs;
      int sent = 0;
      while (System.currentTimeMillis() < deadline) {
        send(producerUrl, user, password, queue, "over-the-bridge-" + (++sent));
        Message message = consumer.receive(2000);
        if (message != null) {
          return "OK " + ((TextMessage) message).getText();
        }
      }
      return "NONE";
    } finally {
      consumerConnection.close();
    }
  }
}
