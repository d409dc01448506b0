package io.gatehouse.shared.cert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/** JSON inside certificate extensions: sorted keys so the same identity always encodes the same way. */
final class CertJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private CertJson() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> stringList(String json) {
        return read(json, new TypeReference<List<String>>() { });
    }

    static Map<String, String> stringMap(String json) {
        return read(json, new TypeReference<Map<String, String>>() { });
    }

    static Map<String, List<String>> traits(String json) {
        return read(json, new TypeReference<Map<String, List<String>>>() { });
    }

    static Map<String, Boolean> flags(String json) {
        return read(json, new TypeReference<Map<String, Boolean>>() { });
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON in a certificate extension: " + e.getOriginalMessage());
        }
    }
}
