package io.lambdadr.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Settings carried as trees (maps by API name, lists, text, numbers, booleans), as lambda-dr keeps the settings it
 * maps by name rather than one by one.
 */
final class Trees {

    private Trees() {
    }

    /** The names, in order, under which {@code one} and {@code other} hold different values (or only one holds one). */
    static List<String> differingNames(Map<String, Object> one, Map<String, Object> other) {
        Set<String> names = new TreeSet<>(one.keySet());
        names.addAll(other.keySet());
        return names.stream().filter(name -> !Objects.equals(one.get(name), other.get(name))).toList();
    }

    /**
     * A copy of {@code value} with every text in it passed through {@code translate(field, text)}, where the field is
     * the text's path from {@code field} ({@code DestinationConfig.OnFailure.Destination}, {@code Topics[0]}).
     */
    static Object mapTexts(String field, Object value, BiFunction<String, String, String> translate) {
        return switch (value) {
            case String text -> translate.apply(field, text);
            case Map<?, ?> map -> {
                Map<String, Object> out = new TreeMap<>();
                map.forEach((key, inner) -> out.put(String.valueOf(key), mapTexts(field + "." + key, inner, translate)));
                yield out;
            }
            case List<?> list -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(mapTexts(field + "[" + i + "]", list.get(i), translate));
                }
                yield out;
            }
            case null -> null;
            default -> value;
        };
    }
}
