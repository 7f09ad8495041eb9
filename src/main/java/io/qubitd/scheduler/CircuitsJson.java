package io.qubitd.scheduler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.qubitd.scheduler.Jobs.CircuitSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's circuits as JSON with each distinct program text written once: {@code {"texts": [..],
 * "circuits": [{"text": i, "shots", "parameters", "method"}, ..]}}. A job of 200 bindings of one
 * family repeats one text 200 times; the journal and cluster messages carry it once. Reads the plain
 * array of circuits too (journals written before).
 */
public final class CircuitsJson {
  private CircuitsJson() {}

  public static final class Writer extends StdSerializer<List<CircuitSpec>> {
    @SuppressWarnings("unchecked")
    public Writer() { super((Class<List<CircuitSpec>>) (Class<?>) List.class); }

    @Override
    public void serialize(List<CircuitSpec> circuits, JsonGenerator gen, SerializerProvider provider) throws IOException {
      Map<String, Integer> texts = new LinkedHashMap<>();
      for (CircuitSpec c : circuits) texts.putIfAbsent(c.qasm(), texts.size());
      gen.writeStartObject();
      gen.writeArrayFieldStart("texts");
      for (String t : texts.keySet()) gen.writeString(t);
      gen.writeEndArray();
      gen.writeArrayFieldStart("circuits");
      for (CircuitSpec c : circuits) {
        gen.writeStartObject();
        gen.writeNumberField("text", texts.get(c.qasm()));
        gen.writeNumberField("shots", c.shots());
        gen.writeObjectFieldStart("parameters");
        for (Map.Entry<String, Double> p : c.parameters().entrySet()) gen.writeNumberField(p.getKey(), p.getValue());
        gen.writeEndObject();
        gen.writeStringField("method", c.method());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
  }

  public static final class Reader extends StdDeserializer<List<CircuitSpec>> {
    public Reader() { super(List.class); }

    @Override
    public List<CircuitSpec> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      List<CircuitSpec> out = new ArrayList<>();
      if (node.isArray()) {
        for (JsonNode c : node) out.add(p.getCodec().treeToValue(c, CircuitSpec.class));
        return out;
      }
      JsonNode texts = node.get("texts"), circuits = node.get("circuits");
      if (texts == null || circuits == null) throw new IOException("a job's circuits need 'texts' and 'circuits', got " + node);
      for (JsonNode c : circuits) {
        Map<String, Double> parameters = new LinkedHashMap<>();
        c.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asDouble()));
        JsonNode method = c.get("method");
        out.add(new CircuitSpec(texts.get(c.get("text").asInt()).asText(), c.get("shots").asInt(), parameters,
            method == null || method.isNull() ? null : method.asText()));
      }
      return out;
    }
  }
}
