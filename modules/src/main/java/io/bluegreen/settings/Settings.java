package io.bluegreen.settings;

import java.util.function.Consumer;

/**
 * The one shape of every settings record in this project.
 * <ul>
 *   <li>The record holds the validated values: its canonical constructor checks them and names the field, the value,
 *       what is allowed and how to fix it.</li>
 *   <li>Its nested {@code Builder} has one public field per record component, initialised to that setting's default
 *       and documented where it is declared, in the style of AWS CDK's {@code @default}: the value and why. That
 *       field initialiser is the only place a default is written.</li>
 *   <li>{@link #with(Consumer)} copies a record into a builder, lets the caller change the fields it names and builds
 *       (and so validates) a new record. Nothing restates every field: the copying is done once, here, by the record
 *       components' names.</li>
 * </ul>
 * For example {@code AlarmSettings.DEFAULT.with(a -> { a.periodSeconds = 120; a.evaluationPeriods = 3; })}. A
 * record's {@code DEFAULT} is {@code Settings.defaults(Record.class)}: every field at its default. Named changes that
 * belong together (for example {@code FleetSettings.withSize(min, max, desired)}) are one-line withers over
 * {@code with}. {@code SettingsShapeTest} checks every settings record's builder against its record.
 *
 * @param <R> the record
 * @param <B> its builder
 */
public interface Settings<R extends Record & Settings<R, B>, B> {

    /** A copy of this record with the fields that {@code change} sets, validated like any other. */
    @SuppressWarnings("unchecked")
    default R with(Consumer<B> change) {
        R self = (R) this;
        B builder = SettingsShape.of((Class<R>) self.getClass()).builderOf(self);
        change.accept(builder);
        return SettingsShape.of((Class<R>) self.getClass()).build(builder);
    }

    /**
     * The record with the fields {@code fields} sets and every other at its declared default: for records with
     * fields that have no default (for example a function's handler).
     */
    static <R extends Record & Settings<R, B>, B> R build(Class<R> type, Consumer<B> fields) {
        SettingsShape<R> shape = SettingsShape.of(type);
        B builder = shape.newBuilder();
        fields.accept(builder);
        return shape.build(builder);
    }

    /** The record with every field at its declared default. */
    static <R extends Record & Settings<R, ?>> R defaults(Class<R> type) {
        SettingsShape<R> shape = SettingsShape.of(type);
        return shape.build(shape.newBuilder());
    }
}
