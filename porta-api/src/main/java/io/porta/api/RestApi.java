package io.porta.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.util.ConcurrencyUtil;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API (api.md "REST API" and "Operations") on an embedded Jetty, via Javalin. Routes are
 * listed here in one place; each resource's handlers live in their own class.
 */
public final class RestApi {
  private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

  public static final String BASE = "/api/v1";

  private final ApiServices services;
  private Javalin app;

  public RestApi(ApiServices services) {
    this.services = services;
  }

  /**
   * Starts listening.
   *
   * @param port the port, or 0 for a free one
   * @return the port it listens on
   */
  public synchronized int start(String bindAddress, int port) {
    if (app != null) {
      throw new IllegalStateException("already started");
    }
    Javalin created = Javalin.create(this::configure);
    created.start(bindAddress, port);
    app = created;
    int bound = created.port();
    LOG.info("REST API listening on {}:{}", bindAddress, bound);
    return bound;
  }

  public synchronized void stop() {
    if (app != null) {
      app.stop();
      app = null;
    }
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.defaultContentType = Json.CONTENT_TYPE;
    // Javalin's own pool, made here so that the answers MQTT devices complete (commands, messages,
    // thing calls) are written by a REST thread, never on the Netty event loop that read the reply.
    ThreadPool restThreads = ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", 8, 250, false);
    config.jetty.threadPool = restThreads;

    Lookups lookups = new Lookups(services.products(), services.devices());
    ProductHandlers products = new ProductHandlers(services, lookups);
    DeviceHandlers devices = new DeviceHandlers(services, lookups);
    TelemetryHandlers telemetry = new TelemetryHandlers(services, lookups);
    CommandHandlers commands = new CommandHandlers(services, lookups, restThreads);
    WebhookHandlers webhooks = new WebhookHandlers(services, lookups);
    ApplicationHandlers applications = new ApplicationHandlers(services, lookups);
    ShadowHandlers shadows = new ShadowHandlers(services, lookups);
    MessageHandlers messages = new MessageHandlers(services, lookups);
    EventHandlers events = new EventHandlers(services, lookups);
    DownlinkHandlers downlink = new DownlinkHandlers(services, lookups, restThreads);
    TopicHandlers topics = new TopicHandlers(services, lookups);
    ThingHandlers things = new ThingHandlers(services, lookups, restThreads);
    DesiredPropertyHandlers desired = new DesiredPropertyHandlers(services, lookups);
    OperationsHandlers operations = new OperationsHandlers(services);

    var routes = config.routes;
    routes.before(BASE + "/*", new BearerAuth(services.apiToken()));

    routes.get("/healthz", operations::health);
    routes.get("/readyz", operations::readiness);
    routes.get("/metrics", operations::metrics);

    String product = BASE + "/products/{pid}";
    routes.post(BASE + "/products", products::create);
    routes.get(BASE + "/products", products::list);
    routes.get(product, products::get);
    routes.patch(product, products::patch);
    routes.delete(product, products::delete);

    String device = product + "/devices/{name}";
    routes.post(product + "/devices", devices::create);
    routes.get(product + "/devices", devices::list);
    routes.get(device, devices::get);
    routes.get(device + "/subdevices", devices::subDevices);
    SubDeviceHandlers subDevices = new SubDeviceHandlers(services, lookups);
    routes.delete(device + "/subdevices/{subPid}/{subName}", subDevices::remove);
    routes.patch(device, devices::patch);
    routes.delete(device, devices::delete);
    routes.get(device + "/connection", devices::connection);

    routes.get(device + "/datapoints", telemetry::query);
    routes.get(device + "/shadow", shadows::get);
    routes.put(device + "/shadow", shadows::put);
    routes.get(device + "/datapoints/latest", telemetry::latest);

    routes.post(device + "/commands", commands::send);

    String application = BASE + "/applications/{id}";
    routes.post(BASE + "/applications", applications::create);
    routes.get(BASE + "/applications", applications::list);
    routes.get(application, applications::get);
    routes.patch(application, applications::update);
    routes.delete(application, applications::delete);
    String webhook = BASE + "/webhooks/{id}";
    routes.post(BASE + "/webhooks", webhooks::create);
    routes.get(BASE + "/webhooks", webhooks::list);
    routes.get(webhook, webhooks::get);
    routes.patch(webhook, webhooks::update);
    routes.delete(webhook, webhooks::delete);
    routes.get(device + "/messages", messages::query);
    routes.post(device + "/messages", downlink::send);
    routes.post(product + "/broadcast", downlink::broadcast);
    routes.get(device + "/events", events::query);
    routes.put(device + "/properties", things::setProperties);
    routes.get(device + "/properties", things::getProperties);
    routes.post(device + "/services/{identifier}", things::invokeService);
    routes.get(device + "/properties/desired", desired::get);
    routes.put(device + "/properties/desired", desired::set);
    routes.delete(device + "/properties/desired", desired::delete);

    routes.get(product + "/topics", topics::list);
    routes.post(product + "/topics", topics::create);
    routes.delete(product + "/topics/{id}", topics::delete);

    routes.exception(ApiException.class, (e, ctx) -> Problem.write(ctx, e));
    // Javalin's own (unknown route, wrong method): keep the problem+json shape.
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> Problem.write(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          Problem.write(ctx, 500, "internal", "internal error");
        });
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "body_too_large";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }
}
