// Feeds URIs to the real ActiveMQ client classes and prints what they made of them, one line per URI.
//   failover <uri>   -> FailoverTransportFactory (rejects unknown options), then the transport's settings
//   connector <uri>  -> DiscoveryAgentFactory, as a <networkConnector uri="..."> does, then the agent's services
// Output: "OK <key>=<value>|..." or "ERROR <exception class>: <message>".
import java.net.URI;
import java.util.Arrays;
import org.apache.activemq.transport.Transport;
import org.apache.activemq.transport.discovery.DiscoveryAgent;
import org.apache.activemq.transport.discovery.DiscoveryAgentFactory;
import org.apache.activemq.transport.discovery.simple.SimpleDiscoveryAgent;
import org.apache.activemq.transport.failover.FailoverTransport;
import org.apache.activemq.transport.failover.FailoverTransportFactory;
import org.apache.activemq.util.URISupport;

public class UriCheck {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            try {
                System.out.println("OK " + (args[i].equals("failover") ? failover(args[i + 1]) : connector(args[i + 1])));
            } catch (Throwable e) {
                System.out.println("ERROR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
        System.exit(0);
    }

    static String failover(String uri) throws Exception {
        URI location = new URI(uri);
        Transport transport = new FailoverTransportFactory().doConnect(location);
        FailoverTransport f = transport.narrow(FailoverTransport.class);
        return "endpoints=" + String.join(",", Arrays.stream(URISupport.parseComposite(location).getComponents()).map(URI::toString).toArray(String[]::new))
            + "|randomize=" + f.isRandomize()
            + "|initialReconnectDelay=" + f.getInitialReconnectDelay()
            + "|maxReconnectDelay=" + f.getMaxReconnectDelay()
            + "|useExponentialBackOff=" + f.isUseExponentialBackOff()
            + "|reconnectDelayExponent=" + f.getReconnectDelayExponent()
            + "|maxReconnectAttempts=" + f.getMaxReconnectAttempts()
            + "|startupMaxReconnectAttempts=" + f.getStartupMaxReconnectAttempts()
            + "|timeout=" + f.getTimeout()
            + "|backup=" + f.isBackup();
    }

    static String connector(String uri) throws Exception {
        DiscoveryAgent agent = DiscoveryAgentFactory.createDiscoveryAgent(new URI(uri));
        String[] services = agent instanceof SimpleDiscoveryAgent ? ((SimpleDiscoveryAgent) agent).getServices() : new String[0];
        return "agent=" + agent.getClass().getSimpleName() + "|services=" + String.join(" ", services);
    }
}
