package dev.relink.incident;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Incident lists for people: the API's filtered pages ({@link IncidentQuery}) and the ops console's counts. */
@Component
public class IncidentSearch {

    private final JdbcTemplate jdbc;

    IncidentSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A page of incidents, newest first, filtered by whatever is not null. */
    public List<Incident> search(IncidentQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        args.add(query.size());
        args.add((long) query.page() * query.size());
        return jdbc.query("select " + IncidentStore.COLUMNS + " from incident" + where + " order by opened_at desc, id "
                + "limit ? offset ?", IncidentStore.INCIDENT, args.toArray());
    }

    /** How many incidents match the query, on every page. */
    public long count(IncidentQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        Long count = jdbc.queryForObject("select count(*) from incident" + where, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    /** How many incidents are open, per state and reason (the ops console's overview). */
    public List<OpenCount> openCounts() {
        return jdbc.query("select state, reason, count(*) from incident where open_link_id is not null "
                + "group by state, reason order by state, reason",
                (rs, n) -> new OpenCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /** One line of {@link #openCounts()}. */
    public record OpenCount(String state, String reason, long count) {
    }
}
