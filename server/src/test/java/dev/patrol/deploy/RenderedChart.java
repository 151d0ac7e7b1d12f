package dev.patrol.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;

/** The chart rendered by the real helm library (helm-java), as parsed manifests. */
final class RenderedChart {

    static final Path CHART = Path.of("../helm/patrol");
    static final Path PRODUCTION_VALUES = Path.of("src/test/resources/helm/production-values.yaml");

    final List<JsonNode> manifests;

    private RenderedChart(List<JsonNode> manifests) {
        this.manifests = manifests;
    }

    static RenderedChart render(Path valuesFile, Map<String, Object> sets) {
        var template = new Helm(CHART).template().withName("t");
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        sets.forEach(template::set);
        return parse(template.call());
    }

    static RenderedChart parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                new YAMLMapper().readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(yaml))) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.has("kind")) {
                    docs.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new RenderedChart(docs);
    }

    List<JsonNode> ofKind(String kind) {
        return manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind))
                .toList();
    }

    JsonNode one(String kind) {
        List<JsonNode> all = ofKind(kind);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + kind + ", got " + all.size());
        }
        return all.get(0);
    }

    JsonNode container() {
        return one("Deployment").at("/spec/template/spec/containers/0");
    }

    /** Every environment variable the container gets: ConfigMap data (envFrom) and env entries. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        one("ConfigMap")
                .path("data")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        container()
                .path("env")
                .forEach(e -> env.put(
                        e.path("name").asText(),
                        e.has("value") ? e.path("value").asText() : null));
        return env;
    }
}
