package dev.patrol.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;

/**
 * The Qute templates of the web pages ({@code src/main/resources/ui/*.html}), parsed once. Qute is
 * used as a library rather than as the Quarkus extension: the extension's dev-mode companion is not
 * published where Patrol is built, and plain rendering needs none of its build-time checks. Every
 * value is HTML-escaped unless a template says {@code raw}.
 */
@ApplicationScoped
public class Pages {

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(Pages::locate)
            .strictRendering(true)
            .build();

    /** {@code name}.html with {@code data}. */
    public String render(String name, Map<String, Object> data) {
        Template template = engine.getTemplate(name);
        if (template == null) {
            throw new IllegalStateException("no template " + name);
        }
        TemplateInstance page = template.instance();
        data.forEach(page::data);
        return page.render();
    }

    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        String path = "ui/" + (id.endsWith(".html") ? id : id + ".html");
        String text;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new TemplateLocator.TemplateLocation() {
            @Override
            public Reader read() {
                return new StringReader(text);
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
            }
        });
    }
}
