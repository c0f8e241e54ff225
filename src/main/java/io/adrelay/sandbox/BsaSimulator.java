package io.adrelay.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * BuySellAds Advertiser API: lineitems, daily-stats, creatives and creatives-daily-stats, JSON
 * or {@code type=csv} as the spec shows them. Seeded with four line items over two orders and
 * 60 days of daily data ending yesterday. BuySellAds documents no error format or limit:
 * errors are {@code {"error": "..."}}, and the limit defaults to 120 requests a minute.
 */
public class BsaSimulator extends Simulator {

    private record LineItem(String id, String name, String orderId, String orderName, String placements,
                            String goalUnit, long goalQuantity, BigDecimal unitCost, String notes, LocalDate start, LocalDate end) {
    }

    private record Creative(String id, LineItem lineItem, String image, String tagline, String description, String link) {
    }

    private record Daily(LocalDate date, long impressions, long clicks, BigDecimal spend) {
    }

    private final String apiKey;
    private final LocalDate today;
    private final RateLimiter limiter;
    private final List<LineItem> lineItems = new ArrayList<>();
    private final List<Creative> creatives = new ArrayList<>();
    private final Map<String, List<Daily>> creativeDays = new LinkedHashMap<>();

    public BsaSimulator(String apiKey, LocalDate today) {
        this(apiKey, today, 120, Duration.ofMinutes(1));
    }

    public BsaSimulator(String apiKey, LocalDate today, int requestsPerWindow, Duration window) {
        this.apiKey = apiKey;
        this.today = today;
        this.limiter = new RateLimiter(requestsPerWindow, window);
        seed();
    }

    @Override
    protected RateLimiter limiterFor(SimRequest request) {
        return limiter;
    }

    @Override
    protected SimResponse handle(SimRequest request) {
        BsaReport report = BsaReport.byPath(request.path());
        if (report == null) {
            return error(404, "Unknown endpoint " + request.path());
        }
        if (!"GET".equals(request.method())) {
            return error(405, "Method not allowed");
        }
        if (!apiKey.equals(request.query("key"))) {
            return error(401, "Invalid API key");
        }
        LocalDate start;
        LocalDate end;
        try {
            start = date(request.query("startDate"), today.withDayOfMonth(1));
            end = date(request.query("endDate"), today);
        } catch (DateTimeParseException e) {
            return error(400, "startDate and endDate must be yyyy-mm-dd");
        }
        String lineItemId = request.query("lineitemId");
        if (lineItemId != null && !lineItemId.matches("\\d+")) {
            return error(400, "lineitemId must be an integer");
        }
        Predicate<LineItem> wanted = li -> lineItemId == null || li.id().equals(lineItemId);
        List<Map<String, Object>> rows = switch (report) {
            case LINEITEMS -> lineItems.stream().filter(li -> !li.start().isAfter(end) && !li.end().isBefore(start))
                    .map(this::lineItemRow).toList();
            case DAILY_STATS -> dailyStats(start, end, wanted);
            case CREATIVES -> creativeRows(start, end, wanted, false);
            case CREATIVES_DAILY_STATS -> creativeRows(start, end, wanted, true);
        };
        return "csv".equals(request.query("type"))
                ? SimResponse.text(200, "text/csv; charset=utf-8", csv(report, rows))
                : SimResponse.json(200, rows);
    }

    private List<Map<String, Object>> dailyStats(LocalDate start, LocalDate end, Predicate<LineItem> wanted) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LineItem li : lineItems.stream().filter(wanted).toList()) {
            for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
                LocalDate day = d;
                List<Daily> days = creatives.stream().filter(c -> c.lineItem() == li)
                        .flatMap(c -> creativeDays.get(c.id()).stream()).filter(x -> x.date().equals(day)).toList();
                if (days.isEmpty()) {
                    continue;
                }
                Daily total = sum(day, days);
                Map<String, Object> row = lineItemHead(li);
                row.put("date", day.toString());
                putStats(row, total);
                row.put("notes", li.notes());
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Map<String, Object>> creativeRows(LocalDate start, LocalDate end, Predicate<LineItem> wanted, boolean daily) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Creative c : creatives.stream().filter(c -> wanted.test(c.lineItem())).toList()) {
            List<Daily> inRange = creativeDays.get(c.id()).stream()
                    .filter(d -> !d.date().isBefore(start) && !d.date().isAfter(end)).toList();
            if (inRange.isEmpty()) {
                continue;
            }
            List<Daily> groups = daily ? inRange : List.of(sum(null, inRange));
            for (Daily d : groups) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("order_name", c.lineItem().orderName());
                row.put("order_id", c.lineItem().orderId());
                row.put("lineitem_id", c.lineItem().id());
                row.put("lineitem_name", c.lineItem().name());
                row.put("creative_id", c.id());
                if (daily) {
                    row.put("date", d.date().toString());
                }
                row.put("image", c.image());
                row.put("small_image", c.image().replace(".png", "_2x.png"));
                row.put("company_tagline", c.tagline());
                row.put("description", c.description());
                row.put("link", c.link());
                row.put("tracking_pixel", c.link());
                row.put("weight", 1);
                putStats(row, d);
                rows.add(row);
            }
        }
        return rows;
    }

    /** The fields lineitems and daily-stats rows open with. */
    private static Map<String, Object> lineItemHead(LineItem li) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lineitem_id", li.id());
        row.put("lineitem_name", li.name());
        row.put("order_id", li.orderId());
        row.put("order_name", li.orderName());
        row.put("placements", li.placements());
        return row;
    }

    private Map<String, Object> lineItemRow(LineItem li) {
        Map<String, Object> row = lineItemHead(li);
        row.put("paused", false);
        row.put("goal_unit", li.goalUnit());
        row.put("goal_quantity", li.goalQuantity());
        row.put("unit_cost", money(li.unitCost()));
        row.put("ratified", true);
        row.put("budget", money(li.unitCost().multiply(BigDecimal.valueOf(li.goalQuantity() / 1000))));
        row.put("notes", li.notes());
        row.put("scheduled_start", spoken(li.start()));
        row.put("scheduled_end", spoken(li.end()));
        row.put("scheduled_start_iso", li.start().toString());
        row.put("scheduled_end_iso", li.end().toString());
        return row;
    }

    private static void putStats(Map<String, Object> row, Daily d) {
        row.put("impressions", d.impressions());
        row.put("clicks", d.clicks());
        row.put("ctr", d.impressions() == 0 ? "0.00%" : BigDecimal.valueOf(d.clicks() * 100.0 / d.impressions())
                .setScale(2, RoundingMode.HALF_UP).toPlainString() + "%");
        row.put("spend", money(d.spend()));
    }

    private static Daily sum(LocalDate date, List<Daily> days) {
        return new Daily(date, days.stream().mapToLong(Daily::impressions).sum(), days.stream().mapToLong(Daily::clicks).sum(),
                days.stream().map(Daily::spend).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** Every field double-quoted, quotes doubled, each row ending in "\n", as in the spec's CSV example. */
    static String csv(BsaReport report, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder();
        out.append(report.fields.stream().map(f -> quote(BsaReport.header(f))).collect(Collectors.joining(","))).append('\n');
        for (Map<String, Object> row : rows) {
            out.append(report.fields.stream().map(f -> quote(String.valueOf(row.getOrDefault(f, ""))))
                    .collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** $4,690.00 */
    static String money(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("$#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(amount);
    }

    /** Sep 1st, 2020 */
    static String spoken(LocalDate date) {
        int d = date.getDayOfMonth();
        String suffix = d >= 11 && d <= 13 ? "th" : switch (d % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return date.format(DateTimeFormatter.ofPattern("MMM", Locale.US)) + " " + d + suffix + ", " + date.getYear();
    }

    private static LocalDate date(String value, LocalDate fallback) {
        return value == null || value.isBlank() ? fallback : LocalDate.parse(value);
    }

    private void seed() {
        LocalDate first = today.minusDays(60);
        LocalDate last = today.plusDays(30);
        String acme = "Acme / " + today.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.US));
        lineItems.add(new LineItem("9801", "Dribbble Shot", "7283", acme, "Dribbble Shot Detail - Image + Text (260x200)",
                "impressions", 1_876_000, new BigDecimal("2.50"), "", first, last));
        lineItems.add(new LineItem("9802", "Dribbble Shot, EU", "7283", acme, "Dribbble Shot Detail - Image + Text (260x200)",
                "impressions", 924_000, new BigDecimal("2.50"), "Renewed \"as is\"", first, last));
        lineItems.add(new LineItem("10507", "Carbon: Stack Overflow", "7573", "Globex / Developers",
                "Carbon - StackOverflow Dev", "clicks", 40_000, new BigDecimal("3.10"), "", first, last));
        lineItems.add(new LineItem("12001", "Dev Circle", "8001", "Globex / Developers", "Carbon - Design Circle",
                "impressions", 2_400_000, new BigDecimal("3.40"), "", first, last));
        Random random = new Random(42);
        int n = 34949;
        for (LineItem li : lineItems) {
            for (String color : List.of("red", "white")) {
                Creative c = new Creative(String.valueOf(n++), li, "https://cdn4.buysellads.net/" + li.id() + "-" + color + ".png",
                        "Build internal tools fast", "Description shows up here", "https://www.acme.com");
                creatives.add(c);
                List<Daily> days = new ArrayList<>();
                for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
                    long impressions = 15_000 + random.nextInt(50_000);
                    long clicks = impressions * (5 + random.nextInt(30)) / 10_000;
                    days.add(new Daily(d, impressions, clicks, li.unitCost().multiply(BigDecimal.valueOf(impressions))
                            .divide(BigDecimal.valueOf(1000), 2, RoundingMode.HALF_UP)));
                }
                creativeDays.put(c.id(), days);
            }
        }
    }
}
