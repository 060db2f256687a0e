package io.lambdadr.core.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Converts SDK model objects to and from plain trees (maps by member name, lists, text, numbers, booleans) through
 * the SDK's own field descriptions, so that a resource with many settings is carried whole, settings added to the
 * API in later SDK releases included, without a hand-written line per setting.
 */
final class SdkPojoTrees {

    private SdkPojoTrees() {
    }

    /** The fields of {@code pojo} that hold a value, by member name, as a tree. */
    static Map<String, Object> toTree(SdkPojo pojo) {
        Map<String, Object> tree = new TreeMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = toTree(field, field.getValueOrDefault(pojo));
            if (value != null) {
                tree.put(field.memberName(), value);
            }
        }
        return tree;
    }

    private static Object toTree(SdkField<?> field, Object value) {
        if (value == null) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return toTree((SdkPojo) value);
        }
        if (type == MarshallingType.LIST) {
            // The SDK answers an absent list with an empty one that it marks as absent; either way nothing is set.
            if (value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>) {
                return null;
            }
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            ((List<?>) value).forEach(item -> list.add(toTree(member, item)));
            return list;
        }
        if (type == MarshallingType.MAP) {
            if (value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap<?, ?>) {
                return null;
            }
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new TreeMap<>();
            ((Map<?, ?>) value).forEach((key, item) -> map.put(String.valueOf(key), toTree(member, item)));
            return map;
        }
        if (type == MarshallingType.INSTANT) {
            return value.toString();
        }
        return value;
    }

    /** The names of the members of {@code pojo}'s model ({@code BatchSize}, {@code DurableConfig}, ...). */
    static Set<String> memberNames(SdkPojo pojo) {
        return pojo.sdkFields().stream().map(SdkField::memberName).collect(Collectors.toUnmodifiableSet());
    }

    /** The member named {@code name} of {@code builder}'s model, if it has one. */
    static Optional<SdkField<?>> field(SdkPojo builder, String name) {
        return builder.sdkFields().stream().filter(field -> field.memberName().equals(name)).findFirst();
    }

    /**
     * Sets the member {@code name} of {@code builder} from a tree value; null sets an empty structure where the member
     * is one (which is how Lambda is told to remove it), and nothing otherwise.
     *
     * @throws IllegalArgumentException when the model has no such member
     */
    static void set(SdkPojo builder, String name, Object value) {
        SdkField<?> field = field(builder, name).orElseThrow(() -> new IllegalArgumentException(
                builder.getClass().getSimpleName().replace("BuilderImpl", "") + " has no setting " + name));
        if (value == null && field.marshallingType() != MarshallingType.SDK_POJO) {
            return;
        }
        field.set(builder, fromTree(field, value));
    }

    private static Object fromTree(SdkField<?> field, Object value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            SdkPojo nested = field.constructor().get();
            if (value != null) {
                ((Map<?, ?>) value).forEach((name, inner) -> set(nested, String.valueOf(name), inner));
            }
            return ((SdkBuilder<?, ?>) nested).build();
        }
        if (value == null) {
            return null;
        }
        if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            ((List<?>) value).forEach(item -> list.add(fromTree(member, item)));
            return list;
        }
        if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new TreeMap<>();
            ((Map<?, ?>) value).forEach((key, item) -> map.put(String.valueOf(key), fromTree(member, item)));
            return map;
        }
        if (type == MarshallingType.INSTANT) {
            return Instant.parse((String) value);
        }
        return value;
    }
}
