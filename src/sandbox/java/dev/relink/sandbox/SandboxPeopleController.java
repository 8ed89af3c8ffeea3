package dev.relink.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /sandbox/admin/people}: the emulator's people ({@link PeopleModel}, acted out by {@link SandboxPeople}).
 * {@code PUT} sets the model, {@code GET} answers it with what the people did, {@code DELETE} makes
 * nobody act again, {@code POST .../tick} does now everything due by the app's clock. Durations as
 * Relink's settings write them ({@code 90s}, {@code 10m}, {@code 2h}) or ISO-8601 ({@code PT10M}).
 */
@RestController
@SandboxEnabled
@RequestMapping("/sandbox/admin/people")
class SandboxPeopleController {

    static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp", PeopleModel.ANY);

    private final SandboxPeople people;

    SandboxPeopleController(SandboxPeople people) {
        this.people = people;
    }

    record Unprompted(@NotNull @DecimalMin("0") @DecimalMax("1") Double probability, @NotBlank String after) {
    }

    record Rule(String channel, String variant, String institution,
            @NotNull @DecimalMin("0") @DecimalMax("1") Double start, @NotNull @DecimalMin("0") @DecimalMax("1") Double finish,
            @NotBlank @JsonProperty("start_after") String startAfter,
            @NotBlank @JsonProperty("finish_after") String finishAfter) {
    }

    record Model(Long seed, @Valid Unprompted unprompted, Map<String, @NotBlank String> variants,
            @NotNull List<@Valid @NotNull Rule> rules) {
    }

    @PutMapping
    Map<String, Object> use(@Valid @RequestBody Model model) {
        return view(people.use(model(model)));
    }

    @GetMapping
    Map<String, Object> show() {
        return view(people.counts());
    }

    @DeleteMapping
    Map<String, Object> nobody() {
        return view(people.use(PeopleModel.NOBODY));
    }

    @PostMapping("/tick")
    SandboxPeople.Counts tick() {
        return people.tick();
    }

    private static PeopleModel model(Model model) {
        Map<String, String> variants = model.variants() == null ? Map.of() : new LinkedHashMap<>(model.variants());
        Set<String> knownVariants = new TreeSet<>(variants.keySet());
        knownVariants.add(PeopleModel.DEFAULT_VARIANT);
        knownVariants.add(PeopleModel.ANY);
        Set<String> institutions = new TreeSet<>(SandboxBank.INSTITUTIONS);
        institutions.add(PeopleModel.ANY);
        List<PeopleModel.Rule> rules = new ArrayList<>();
        for (Rule rule : model.rules()) {
            rules.add(new PeopleModel.Rule(oneOf("channel", rule.channel(), CHANNELS), oneOf("variant", rule.variant(), knownVariants),
                    oneOf("institution", rule.institution(), institutions), rule.start(), rule.finish(),
                    duration("start_after", rule.startAfter()), duration("finish_after", rule.finishAfter())));
        }
        PeopleModel.Unprompted unprompted = model.unprompted() == null ? null
                : new PeopleModel.Unprompted(model.unprompted().probability(), duration("after", model.unprompted().after()));
        return new PeopleModel(model.seed() == null ? 0 : model.seed(), unprompted, variants, rules);
    }

    /** The model in force and what the people did under it. */
    private Map<String, Object> view(SandboxPeople.Counts counts) {
        PeopleModel model = people.model();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seed", model.seed());
        view.put("unprompted", Map.of("probability", model.unprompted().probability(),
                "after", model.unprompted().after().toString()));
        view.put("variants", model.variants());
        view.put("rules", model.rules().stream().map(rule -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("channel", any(rule.channel()));
            line.put("variant", any(rule.variant()));
            line.put("institution", any(rule.institution()));
            line.put("start", rule.start());
            line.put("finish", rule.finish());
            line.put("start_after", rule.startAfter().toString());
            line.put("finish_after", rule.finishAfter().toString());
            return line;
        }).toList());
        view.put("counts", counts);
        return view;
    }

    private static String any(String value) {
        return value == null ? PeopleModel.ANY : value;
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        if (value == null) {
            return PeopleModel.ANY;
        }
        if (!allowed.contains(value)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    field + " must be one of " + new TreeSet<>(allowed) + ", not '" + value + "'.");
        }
        return value;
    }

    private static Duration duration(String field, String value) {
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException unreadable) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    field + " must be a duration such as 90s, 10m or PT10M, not '" + value + "'.");
        }
        if (parsed.isNegative()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + " must not be negative, not '" + value + "'.");
        }
        return parsed;
    }
}
