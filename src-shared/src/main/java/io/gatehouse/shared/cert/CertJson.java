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

    /** Nulls (in the document or inside it) are refused here: the identity records copy with List.copyOf. */
    private static <T> T read(String json, TypeReference<T> type) {
        T value;
        try {
            value = JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedCertificateException("malformed JSON in a certificate extension: "
                    + e.getOriginalMessage());
        }
        if (hasNull(value)) {
            throw new MalformedCertificateException("a certificate extension holds a JSON null where a value belongs");
        }
        return value;
    }

    private static boolean hasNull(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(CertJson::hasNull);
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().anyMatch(k -> k == null) || map.values().stream().anyMatch(CertJson::hasNull);
        }
        return false;
    }
}
