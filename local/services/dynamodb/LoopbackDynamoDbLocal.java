import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts AWS's DynamoDB Local listening on 127.0.0.1 only.
 *
 * <p>DynamoDB Local has no option for the address it listens on: its server
 * (DynamoDBProxyServer) makes a Jetty {@code new Server(port)}, whose connector
 * listens on every interface. This launcher makes that server the way
 * DynamoDB Local's own main does, from the same command-line options, sets the
 * host of its connector to 127.0.0.1, and starts it. DynamoDB Local's
 * telemetry is never set up here (its main does that; {@code -disableTelemetry}
 * is passed as well), so nothing leaves the machine.
 *
 * <p>Run as a single-file source program (Java 11+, no compiler step):
 * {@code java -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -inMemory -port N ...}.
 * If a new DynamoDB Local changes the server's shape, it fails to start rather
 * than listen on every interface.
 */
public final class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) {
      throw new IllegalStateException("DynamoDB Local's server has no connector to bind");
    }
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException(
            "cannot set the host of DynamoDB Local's connector " + connector.getClass().getName());
      }
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    // safeStart starts Jetty and lets a failure (port in use) end the process with an error.
    proxy.safeStart();
    System.out.println("DynamoDB Local listening on " + LOOPBACK + ":" + ((ServerConnector) connectors[0]).getLocalPort());
  }
}
