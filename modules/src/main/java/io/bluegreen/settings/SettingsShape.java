package io.bluegreen.settings;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a settings record and its {@code Builder} correspond: one public, non-final instance field of the builder per
 * record component, same name and same (generic) type. Checked once per record, the first time it is used, so a
 * builder that misses, adds or mistypes a field fails at once with the record's name instead of copying wrongly.
 */
public final class SettingsShape<R extends Record> {
    private static final ClassValue<SettingsShape<?>> SHAPES = new ClassValue<>() {
        @Override
        protected SettingsShape<?> computeValue(Class<?> type) {
            return new SettingsShape<>(type.asSubclass(Record.class));
        }
    };

    private final Class<R> type;
    private final RecordComponent[] components;
    private final Field[] fields;
    private final Constructor<R> constructor;
    private final Constructor<?> builderConstructor;

    @SuppressWarnings("unchecked")
    public static <R extends Record> SettingsShape<R> of(Class<R> type) {
        return (SettingsShape<R>) SHAPES.get(type);
    }

    private SettingsShape(Class<R> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?> builder = Arrays.stream(type.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals("Builder")).findFirst()
                .orElseThrow(() -> new IllegalStateException(type.getName() + " has no nested Builder class"));
        Set<String> builderFields = Arrays.stream(builder.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !f.isSynthetic())
                .map(Field::getName).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> names = Arrays.stream(components).map(RecordComponent::getName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!builderFields.equals(names)) {
            throw new IllegalStateException(builder.getName() + " must have exactly the fields " + names
                    + " (the components of " + type.getSimpleName() + "), has " + builderFields);
        }
        this.fields = new Field[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Field f;
            try {
                f = builder.getDeclaredField(c.getName());
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || Modifier.isFinal(m)) {
                throw new IllegalStateException(builder.getName() + "." + f.getName() + " must be public and not final");
            }
            if (!f.getGenericType().equals(c.getGenericType())) {
                throw new IllegalStateException(builder.getName() + "." + f.getName() + " is " + f.getGenericType()
                        + ", the component " + type.getSimpleName() + "." + c.getName() + " is " + c.getGenericType());
            }
            f.setAccessible(true);
            fields[i] = f;
            types[i] = c.getType();
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
            this.builderConstructor = builder.getDeclaredConstructor();
            this.builderConstructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** A builder with every field at its declared default. */
    @SuppressWarnings("unchecked")
    public <B> B newBuilder() {
        try {
            return (B) builderConstructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + ".Builder: " + e, e);
        }
    }

    /** A builder holding {@code record}'s values. */
    public <B> B builderOf(R record) {
        B builder = newBuilder();
        try {
            for (int i = 0; i < components.length; i++) {
                fields[i].set(builder, components[i].getAccessor().invoke(record));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + ": " + e, e);
        }
        return builder;
    }

    /** The record the builder describes, through the canonical constructor (so validated). */
    public R build(Object builder) {
        Object[] values = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                values[i] = fields[i].get(builder);
            }
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(type.getName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + ": " + e, e);
        }
    }
}
