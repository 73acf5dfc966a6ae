// The council's operations on the web (doc/web.md "Council forms"): the
// forms that call an election, record its result, verify its mandates,
// open, sign and decide a recall petition and convene a session, and the
// pages that show what they act on. Each form builds its act with the
// builder the command line uses (sovet/council_acts.h) from the engine's
// state, through the Writer, so the same rules refuse both alike.
#include <fmt/format.h>

#include <charconv>
#include <set>

#include "server/html.h"
#include "server/interactive.h"
#include "server/pages.h"
#include "server/write_route.h"
#include "sovet/council.h"
#include "sovet/council_acts.h"
#include "sovet/sessions.h"

namespace sovet::server {

namespace field = schema::council::field;

namespace {

constexpr char kHtml[] = "text/html; charset=utf-8";

std::string BodyHref(const std::string& body) { return "/bodies/" + UrlSegment(body); }
std::string CouncilHref(const std::string& body) { return BodyHref(body) + "/council"; }
std::string ElectionHref(const std::string& body, const std::string& id) {
  return BodyHref(body) + "/elections/" + UrlSegment(id);
}
std::string PetitionHref(const std::string& body, const std::string& id) {
  return BodyHref(body) + "/petitions/" + UrlSegment(id);
}

// Refuses a field the form does not have, naming it and those it has.
Result<void> OnlyFields(const std::map<std::string, std::string>& fields,
                        const std::set<std::string>& known, bool allow_hands = false) {
  for (const auto& [key, value] : fields) {
    if (known.count(key) != 0 || (allow_hands && key.starts_with("hands."))) continue;
    std::string names;
    for (const std::string& name : known) names += (names.empty() ? "" : ", ") + name;
    return Error(Status::InvalidInput(fmt::format("unknown field \"{}\"; expected {}", key, names),
                                      SourceLocation{.field = key}));
  }
  return {};
}

// A whole number >= 0 from a form field; `fallback` when empty.
Result<std::int64_t> Count(const std::map<std::string, std::string>& fields,
                           const std::string& name,
                           std::optional<std::int64_t> fallback = std::nullopt) {
  const std::string text = Field(fields, name.c_str());
  if (text.empty() && fallback) return *fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return Error(Status::InvalidInput(
        fmt::format("expected a whole number >= 0, got \"{}\"", text.substr(0, 40)),
        SourceLocation{.field = name}));
  }
  return value;
}

// Persons named in a field: separated by spaces, commas or new lines.
std::vector<std::string> Names(const std::string& text) {
  std::vector<std::string> out;
  std::string name;
  for (const char c : text + " ") {
    if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t') {
      if (!name.empty()) out.push_back(std::move(name));
      name.clear();
    } else {
      name += c;
    }
  }
  return out;
}

// The act's body must be the one the path names (the one the account's role
// was checked on): an election or petition of another body is not found here.
Result<Act> OnBody(Act act, const std::string& body, const std::string& what,
                   const std::string& id) {
  if (act.body != body) {
    return Error(Status::NotFound(fmt::format("{} \"{}\" is not one of {}", what, id, body),
                                  SourceLocation{.field = what}));
  }
  return act;
}

// The day a form proposes: the latest date of the journal's dated acts.
std::string LatestDate(const EngineState& state) {
  std::optional<Date> on = state.ledger.latest;
  if (state.roll.latest() && (!on || *on < *state.roll.latest())) on = state.roll.latest();
  return on ? on->ToString() : std::string();
}

// A stage total as the count prints it ("12", "3.557991768": fixed point,
// exact): its digits as one integer and the count of decimals; nullopt for
// any other form (a fraction), when no transfer is shown.
std::optional<std::pair<std::int64_t, std::size_t>> Fixed(const std::string& text) {
  const auto dot = text.find('.');
  const std::string digits =
      dot == std::string::npos ? text : text.substr(0, dot) + text.substr(dot + 1);
  const std::size_t scale = dot == std::string::npos ? 0 : text.size() - dot - 1;
  if (digits.empty() || digits.size() > 17) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return std::make_pair(value, scale);
}

// The change from `before` to `after` with its sign ("+0.400000002",
// "-1.000000000"), "" when there is none or the totals are not comparable.
std::string Transfer(const std::string& before, const std::string& after) {
  const auto from = Fixed(before);
  const auto to = Fixed(after);
  if (!from || !to || from->second != to->second || from->first == to->first) return "";
  const std::int64_t diff = to->first - from->first;
  std::string digits = std::to_string(diff < 0 ? -diff : diff);
  const std::size_t scale = to->second;
  if (scale > 0) {
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, ".");
  }
  return (diff < 0 ? "-" : "+") + digits;
}

}  // namespace

// ---- the write routes ----------------------------------------------------------------

std::vector<Interactive::WriteRouteDef> Interactive::CouncilRouteDefs(Interactive* self) {
  using Req = WriteRequest;
  auto id_of = [](const Req& request) { return request.http.matches[2].str(); };

  // election.call — the electoral commission of the body (SYSTEM.md §10).
  auto call = [self](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(
        OnlyFields(request.fields, {"date", "id", "held_on", "kind", "seats", "electing_body"}));
    ElectionCallRequest call{.date = Field(request.fields, "date"),
                             .body = request.body,
                             .id = Field(request.fields, "id"),
                             .held_on = Field(request.fields, "held_on"),
                             .kind = Field(request.fields, "kind"),
                             .seats = {},
                             .electing_body = Field(request.fields, "electing_body")};
    if (call.kind.empty()) call.kind = "regular";
    for (const std::string& seat : Names(Field(request.fields, "seats"))) {
      std::map<std::string, std::string> one = {{"seats", seat}};
      SOVET_TRY(std::int64_t number, Count(one, "seats"));
      call.seats.push_back(number);
    }
    return self->writer_.Build([&](const EngineState& state, const Charter&) -> Result<Act> {
      return ElectionCallAct(state, call);
    });
  };
  auto after_call = [](const Req& request) {
    return ElectionHref(request.body, Field(request.fields, "id"));
  };

  // election.record, an open vote: the hands of each nominee (fields
  // hands.PERSON) and those present — the electoral commission.
  auto record = [self, id_of](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(OnlyFields(request.fields, {"date", "present", "seed"}, true));
    const std::string id = id_of(request);
    SOVET_TRY(std::int64_t present, Count(request.fields, "present"));
    SOVET_TRY(std::int64_t seed, Count(request.fields, "seed", 0));
    return self->writer_.Build(
        [&](const EngineState& state, const Charter& charter) -> Result<Act> {
          SOVET_TRY(const CouncilElection* election, FindCouncilElection(state, id));
          ElectionRecordRequest record{.date = Field(request.fields, "date"),
                                       .election = id,
                                       .seed = seed,
                                       .open = true,
                                       .present = present,
                                       .hands = {},
                                       .ballots = {}};
          for (const std::string& nominee : election->nominees) {
            SOVET_TRY(std::int64_t hands, Count(request.fields, "hands." + nominee, 0));
            record.hands.push_back(hands);
          }
          for (const auto& [key, value] : request.fields) {
            if (!key.starts_with("hands.")) continue;
            const std::string person = key.substr(6);
            if (std::find(election->nominees.begin(), election->nominees.end(), person) ==
                election->nominees.end()) {
              return Error(Status::InvalidInput(
                  fmt::format("{} is not a nominee of election {}", person, id),
                  SourceLocation{.field = key}));
            }
          }
          SOVET_TRY(Act act, ElectionRecordAct(state, charter, record));
          return OnBody(std::move(act), request.body, "election", id);
        });
  };
  // election.verify — the mandates commission decides by its rules; the
  // operator gives the date.
  auto verify = [self, id_of](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(OnlyFields(request.fields, {"date"}));
    const std::string id = id_of(request);
    SOVET_TRY(Date date, Date::Parse(Field(request.fields, "date"), {.field = "date"}));
    return self->writer_.Build(
        [&](const EngineState& state, const Charter& charter) -> Result<Act> {
          SOVET_TRY(const CouncilElection* election, FindCouncilElection(state, id));
          if (election->body != request.body) {
            return OnBody(Act{.kind = "", .body = election->body, .fields = {}}, request.body,
                          "election", id);
          }
          return ElectionVerifyAct(state, charter, id, date);
        });
  };
  auto after_election = [id_of](const Req& request) {
    return ElectionHref(request.body, id_of(request));
  };

  // recall.open against the holder of a seat of the body.
  auto open = [self](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(OnlyFields(request.fields, {"date", "petition", "seat", "person", "by_body"}));
    SOVET_TRY(std::int64_t seat, Count(request.fields, "seat", 0));
    RecallOpenRequest open{.date = Field(request.fields, "date"),
                           .petition = Field(request.fields, "petition"),
                           .body = request.body,
                           .seat = seat,
                           .person = Field(request.fields, "person"),
                           .by_body = Field(request.fields, "by_body")};
    return self->writer_.Build(
        [&](const EngineState& state, const Charter& charter) -> Result<Act> {
          return RecallOpenAct(state, charter, open);
        });
  };
  auto after_open = [](const Req& request) {
    return PetitionHref(request.body, Field(request.fields, "petition"));
  };
  // recall.sign: the signatures of the persons named (one or more), each an
  // elector on the constituency's roll that day, once.
  auto sign = [self, id_of](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(OnlyFields(request.fields, {"date", "person"}));
    const std::string id = id_of(request);
    const std::vector<std::string> persons = Names(Field(request.fields, "person"));
    if (persons.empty()) {
      return Error(
          Status::InvalidInput("name the person who signs", SourceLocation{.field = "person"}));
    }
    return self->writer_.Build([&](const EngineState& state, const Charter&) -> Result<Act> {
      return OnBody(RecallSignAct(state, Field(request.fields, "date"), id, persons), request.body,
                    "petition", id);
    });
  };
  // recall.vote: the votes for and against.
  auto vote = [self, id_of](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(
        OnlyFields(request.fields, {"date", "for", "against", "by_election", "by_election_on"}));
    const std::string id = id_of(request);
    SOVET_TRY(std::int64_t votes_for, Count(request.fields, "for"));
    SOVET_TRY(std::int64_t votes_against, Count(request.fields, "against"));
    RecallVoteRequest vote{.date = Field(request.fields, "date"),
                           .petition = id,
                           .votes_for = votes_for,
                           .votes_against = votes_against,
                           .by_election = Field(request.fields, "by_election"),
                           .by_election_on = Field(request.fields, "by_election_on")};
    return self->writer_.Build(
        [&](const EngineState& state, const Charter& charter) -> Result<Act> {
          SOVET_TRY(Act act, RecallVoteAct(state, charter, vote));
          return OnBody(std::move(act), request.body, "petition", id);
        });
  };
  auto after_petition = [id_of](const Req& request) {
    return PetitionHref(request.body, id_of(request));
  };

  // session.convene of the body — its secretary.
  auto convene = [self](Req& request) -> Result<Appended> {
    SOVET_CHECK_OK(
        OnlyFields(request.fields, {"date", "opens", "extraordinary", "initiative", "by"}));
    ConveneRequest convene{.date = Field(request.fields, "date"),
                           .body = request.body,
                           .opens = Field(request.fields, "opens"),
                           .extraordinary = !Field(request.fields, "extraordinary").empty(),
                           .initiative = Field(request.fields, "initiative"),
                           .by = Field(request.fields, "by")};
    return self->writer_.Build(
        [&](const EngineState& state, const Charter& charter) -> Result<Act> {
          return ConveneAct(state, charter, convene);
        });
  };
  auto after_council = [](const Req& request) { return CouncilHref(request.body); };

  auto council_page = [](Interactive* self, const httplib::Request& req, httplib::Response& res,
                         int status,
                         const std::string& error) { self->CouncilPage(req, res, status, error); };
  auto election_page = [](Interactive* self, const httplib::Request& req, httplib::Response& res,
                          int status, const std::string& error) {
    self->CouncilElectionPage(req, res, status, error);
  };
  auto petition_page = [](Interactive* self, const httplib::Request& req, httplib::Response& res,
                          int status, const std::string& error) {
    self->PetitionPage(req, res, status, error);
  };
  return {
      {"", "/bodies/([^/]+)/elections", "electoral_commission", call, after_call, council_page},
      {"", "/bodies/([^/]+)/elections/([^/]+)/record", "electoral_commission", record,
       after_election, election_page},
      {"", "/bodies/([^/]+)/elections/([^/]+)/verify", "mandates_commission", verify,
       after_election, election_page},
      {"", "/bodies/([^/]+)/petitions", "electoral_commission", open, after_open, council_page},
      {"", "/bodies/([^/]+)/petitions/([^/]+)/sign", "electoral_commission", sign, after_petition,
       petition_page},
      {"", "/bodies/([^/]+)/petitions/([^/]+)/vote", "electoral_commission", vote, after_petition,
       petition_page},
      {"", "/bodies/([^/]+)/sessions", "secretary", convene, after_council, council_page},
  };
}

// ---- the pages -----------------------------------------------------------------------

namespace {

// What a page needs to know of its reader: who, the token of their forms,
// and which of the roles on the body they hold.
struct Reader {
  std::optional<Session> session;
  std::string csrf;
  std::set<std::string> roles;
};

mstch::map Base(const Reader& reader, const std::string& body, const std::string& path, int status,
                const std::string& error) {
  return mstch::map{{"body", body},
                    {"body_href", BodyHref(body)},
                    {"council_href", CouncilHref(body)},
                    {"roles_href", BodyHref(body) + "/roles"},
                    {"signed_in", reader.session.has_value()},
                    {"login_href", "/login?next=" + UrlSegment(path)},
                    {"csrf", reader.csrf},
                    {"has_error", !error.empty()},
                    {"error", error},
                    {"status", std::to_string(status)},
                    {"electoral", reader.roles.count("electoral_commission") != 0},
                    {"mandates", reader.roles.count("mandates_commission") != 0},
                    {"secretary", reader.roles.count("secretary") != 0}};
}

std::string Join(const std::vector<std::string>& items, std::string_view with = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : std::string(with)) + item;
  return out;
}

}  // namespace

void Interactive::CouncilPage(const httplib::Request& req, httplib::Response& res, int status,
                              const std::string& error) {
  const std::string body = req.matches[1].str();
  Reader reader{SessionOf(req), "", {}};
  if (reader.session) {
    reader.csrf = reader.session->csrf;
    if (auto roles = source_.Roles(body, reader.session->account)) {
      for (const RoleRow& row : *roles) reader.roles.insert(row.role);
    }
  }
  mstch::map context = Base(reader, body, req.path, status, error);
  auto read = writer_.Read([&](const EngineState& state, const Charter& charter,
                               const Writer::SheetActs&) -> Result<void> {
    const BodyIndex index = state.FindBody(body);
    if (index < 0) {
      return Error(
          Status::NotFound(fmt::format("no body \"{}\" in this journal (body.create)", body)));
    }
    context["date"] = LatestDate(state);
    context["seats"] = std::to_string(state.council.Seats(index));
    mstch::array seats;
    if (auto found = state.ledger.bodies.find(body); found != state.ledger.bodies.end()) {
      for (std::size_t seat = 0; seat < found->second.seats.size(); ++seat) {
        const auto& holder = found->second.seats[seat];
        if (!holder) continue;
        seats.push_back(mstch::map{
            {"seat", std::to_string(seat + 1)},
            {"person", holder->person},
            {"election", holder->election},
            {"election_href", ElectionHref(body, holder->election)},
            {"term_ends", holder->term_ends ? holder->term_ends->ToString() : std::string()}});
      }
    }
    context["has_seats"] = !seats.empty();
    context["held"] = std::to_string(seats.size());
    context["holders"] = std::move(seats);
    mstch::array elections;
    for (const auto& [id, election] : state.ledger.elections) {
      if (election.body != body) continue;
      elections.push_back(
          mstch::map{{"id", id},
                     {"href", ElectionHref(body, id)},
                     {"kind", std::string(CouncilElectionKindName(election.kind))},
                     {"held_on", election.held_on.ToString()},
                     {"stage", std::string(CouncilElectionStageName(election.stage))},
                     {"elected", Join(election.elected)}});
    }
    context["has_elections"] = !elections.empty();
    context["elections"] = std::move(elections);
    mstch::array petitions;
    const std::optional<Date> on = state.ledger.latest;
    for (const auto& [id, petition] : state.ledger.petitions) {
      if (petition.body != body) continue;
      const PetitionStage stage = on ? EffectiveStage(state.ledger, petition, *on) : petition.stage;
      petitions.push_back(mstch::map{{"id", id},
                                     {"href", PetitionHref(body, id)},
                                     {"person", petition.person},
                                     {"seat", std::to_string(petition.seat)},
                                     {"signatures", std::to_string(petition.signers.size())},
                                     {"needed", std::to_string(petition.needed)},
                                     {"stage", std::string(PetitionStageName(stage))}});
    }
    context["has_petitions"] = !petitions.empty();
    context["petitions"] = std::move(petitions);
    mstch::array sessions;
    for (const CouncilSession& session : state.ledger.sessions) {
      if (session.body != body) continue;
      sessions.push_back(
          mstch::map{{"opens", session.opens.ToString()},
                     {"convened", session.convened.ToString()},
                     {"kind", std::string(session.extraordinary ? "extraordinary" : "regular")},
                     {"by", session.by}});
    }
    context["has_sessions"] = !sessions.empty();
    context["sessions"] = std::move(sessions);
    context["is_congress"] = [&] {
      const BodyRule* root = RootCongress(charter);
      return root != nullptr && body.starts_with(root->kind + ":");
    }();
    return {};
  });
  const std::string account_html = FillAccount(std::string(kAccountMarker), reader.session);
  if (!read) {
    res.status = HttpStatus(read.error().code());
    res.set_header("Cache-Control", "no-store");
    std::string page = ErrorPage(res.status, "Not available", read.error().ToString());
    res.set_content(FillAccount(std::move(page), reader.session), kHtml);
    return;
  }
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      FillAccount(RenderPage("council", fmt::format("Council of {}", body), std::move(context)),
                  reader.session),
      kHtml);
}

void Interactive::CouncilElectionPage(const httplib::Request& req, httplib::Response& res,
                                      int status, const std::string& error) {
  const std::string body = req.matches[1].str();
  const std::string id = req.matches[2].str();
  Reader reader{SessionOf(req), "", {}};
  if (reader.session) {
    reader.csrf = reader.session->csrf;
    if (auto roles = source_.Roles(body, reader.session->account)) {
      for (const RoleRow& row : *roles) reader.roles.insert(row.role);
    }
  }
  mstch::map context = Base(reader, body, req.path, status, error);
  auto read = writer_.Read([&](const EngineState& state, const Charter& charter,
                               const Writer::SheetActs& sheets) -> Result<void> {
    SOVET_TRY(const CouncilElection* election, FindCouncilElection(state, id));
    if (election->body != body) {
      return Error(Status::NotFound(fmt::format("election \"{}\" is not one of {}", id, body)));
    }
    context["date"] = LatestDate(state);
    context["id"] = id;
    context["action_record"] = ElectionHref(body, id) + "/record";
    context["action_verify"] = ElectionHref(body, id) + "/verify";
    context["kind"] = std::string(CouncilElectionKindName(election->kind));
    context["electing_body"] = election->electing_body;
    context["has_electing_body"] = !election->electing_body.empty();
    context["called"] = election->called.ToString();
    context["held_on"] = election->held_on.ToString();
    std::vector<std::string> seat_numbers;
    for (const std::int64_t seat : election->seats) seat_numbers.push_back(std::to_string(seat));
    context["seats"] = Join(seat_numbers);
    context["stage"] = std::string(CouncilElectionStageName(election->stage));
    context["called_stage"] = election->stage == CouncilElectionStage::kCalled;
    context["recorded_stage"] = election->stage == CouncilElectionStage::kRecorded;
    mstch::array nominees;
    for (const std::string& person : election->nominees) {
      nominees.push_back(mstch::map{{"person", person}, {"field", "hands." + person}});
    }
    context["nominees"] = std::move(nominees);
    context["has_nominees"] = !election->nominees.empty();
    auto record = sheets.records.find(id);
    const bool recorded =
        election->stage != CouncilElectionStage::kCalled && record != sheets.records.end();
    context["recorded"] = recorded;
    if (recorded) {
      const Act& act = record->second.act;
      const bool open = act.fields.at(field::kVote).text() == "open";
      context["record_seq"] = std::to_string(record->second.seq);
      context["record_href"] = fmt::format("/journal/{}", record->second.seq);
      context["recorded_on"] = election->recorded.ToString();
      context["open"] = open;
      context["present"] = std::to_string(election->present);
      context["roll"] = std::to_string(election->roll);
      context["turnout"] =
          election->roll > 0 ? fmt::format("{} in 1,000", election->present * 1000 / election->roll)
                             : std::string("no roll");
      SOVET_TRY(CountResult count, CountElectionRecordInFull(charter, *election, act));
      context["method"] = std::string(MethodName(count.method));
      context["quota"] = count.quota;
      context["has_quota"] = !count.quota.empty();
      context["valid_votes"] = count.valid_votes;
      std::map<std::string, std::size_t> rank;
      for (std::size_t idx = 0; idx < election->elected.size(); ++idx) {
        rank[election->elected[idx]] = idx + 1;
      }
      if (open) {
        const auto& candidates = act.fields.at(field::kCandidates).list();
        const auto& hands = act.fields.at(field::kHands).list();
        mstch::array rows;
        for (std::size_t idx = 0; idx < candidates.size() && idx < hands.size(); ++idx) {
          const std::string person = candidates[idx].text();
          rows.push_back(mstch::map{
              {"person", person},
              {"hands", std::to_string(hands[idx].integer())},
              {"elected", rank.count(person) != 0},
              {"rank", rank.count(person) ? std::to_string(rank[person]) : std::string()}});
        }
        context["hands"] = std::move(rows);
      } else {
        // The stages as a Scottish result sheet shows them: a column per
        // stage, each candidate's transfer and total, the non-transferable
        // votes, the elected and excluded marked at their stage.
        mstch::array stages;
        for (const CountRound& round : count.rounds) {
          stages.push_back(mstch::map{{"number", std::to_string(round.number)},
                                      {"action", round.action},
                                      {"subjects", Join(round.subjects)},
                                      {"non_transferable", round.non_transferable}});
        }
        mstch::array rows;
        for (std::size_t k = 0; k < count.candidates.size(); ++k) {
          const std::string& person = count.candidates[k];
          mstch::array cells;
          std::string status_text;
          std::string previous;
          for (const CountRound& round : count.rounds) {
            std::string mark;
            if (std::find(round.elected.begin(), round.elected.end(), person) !=
                round.elected.end()) {
              mark = "elected";
              status_text = fmt::format("elected at stage {}", round.number);
            }
            if (std::find(round.excluded.begin(), round.excluded.end(), person) !=
                round.excluded.end()) {
              mark = "excluded";
              status_text = fmt::format("excluded at stage {}", round.number);
            }
            const std::string total = k < round.totals.size() ? round.totals[k] : std::string();
            const std::string transfer = previous.empty() ? "" : Transfer(previous, total);
            previous = total;
            cells.push_back(mstch::map{{"total", total},
                                       {"transfer", transfer},
                                       {"has_transfer", !transfer.empty()},
                                       {"mark", mark},
                                       {"marked", !mark.empty()}});
          }
          rows.push_back(mstch::map{
              {"person", person},
              {"cells", std::move(cells)},
              {"elected", rank.count(person) != 0},
              {"status", status_text.empty()
                             ? std::string(rank.count(person) ? "elected" : "not elected")
                             : status_text}});
        }
        context["stages"] = std::move(stages);
        context["stage_rows"] = std::move(rows);
        context["stage_count"] = std::to_string(count.rounds.size());
        mstch::array ties;
        for (const TieBreak& tie : count.ties) {
          ties.push_back(mstch::map{{"round", std::to_string(tie.round)},
                                    {"tied", Join(tie.tied)},
                                    {"chosen", tie.chosen},
                                    {"how", tie.how}});
        }
        context["has_ties"] = !ties.empty();
        context["ties"] = std::move(ties);
      }
      context["elected_list"] = Join(election->elected);
    }
    auto verification = sheets.verifications.find(id);
    const bool verified = election->stage == CouncilElectionStage::kVerified &&
                          verification != sheets.verifications.end();
    context["verified"] = verified;
    if (verified) {
      const Act& act = verification->second.act;
      context["verify_seq"] = std::to_string(verification->second.seq);
      context["verify_href"] = fmt::format("/journal/{}", verification->second.seq);
      const auto& persons = act.fields.at(field::kPersons).list();
      const auto& verdicts = act.fields.at(field::kVerdicts).list();
      const auto& details = act.fields.at(field::kDetails).list();
      const auto& seats = act.fields.at(field::kSeats).list();
      mstch::array rows;
      for (std::size_t idx = 0; idx < persons.size(); ++idx) {
        rows.push_back(
            mstch::map{{"person", persons[idx].text()},
                       {"verdict", idx < verdicts.size() ? verdicts[idx].text() : std::string()},
                       {"detail", idx < details.size() ? details[idx].text() : std::string()},
                       {"seat", idx < seats.size() && seats[idx].integer() > 0
                                    ? std::to_string(seats[idx].integer())
                                    : std::string("—")}});
      }
      context["decisions"] = std::move(rows);
      auto term = act.fields.find(field::kTermEnds);
      context["term_ends"] = term != act.fields.end() ? term->second.text() : std::string();
    }
    return {};
  });
  if (!read) {
    res.status = HttpStatus(read.error().code());
    res.set_header("Cache-Control", "no-store");
    res.set_content(FillAccount(ErrorPage(res.status, "Not available", read.error().ToString()),
                                reader.session),
                    kHtml);
    return;
  }
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      FillAccount(RenderPage("council_election", fmt::format("Election {} of {}", id, body),
                             std::move(context)),
                  reader.session),
      kHtml);
}

void Interactive::PetitionPage(const httplib::Request& req, httplib::Response& res, int status,
                               const std::string& error) {
  const std::string body = req.matches[1].str();
  const std::string id = req.matches[2].str();
  Reader reader{SessionOf(req), "", {}};
  if (reader.session) {
    reader.csrf = reader.session->csrf;
    if (auto roles = source_.Roles(body, reader.session->account)) {
      for (const RoleRow& row : *roles) reader.roles.insert(row.role);
    }
  }
  mstch::map context = Base(reader, body, req.path, status, error);
  auto read = writer_.Read([&](const EngineState& state, const Charter& charter,
                               const Writer::SheetActs&) -> Result<void> {
    auto found = state.ledger.petitions.find(id);
    if (found == state.ledger.petitions.end() || found->second.body != body) {
      return Error(Status::NotFound(
          fmt::format("no recall petition \"{}\" against a seat of {} (recall.open)", id, body)));
    }
    const RecallPetition& petition = found->second;
    const std::optional<Date> on = state.ledger.latest;
    const PetitionStage stage = on ? EffectiveStage(state.ledger, petition, *on) : petition.stage;
    context["date"] = LatestDate(state);
    context["id"] = id;
    context["action_sign"] = PetitionHref(body, id) + "/sign";
    context["action_vote"] = PetitionHref(body, id) + "/vote";
    context["person"] = petition.person;
    context["seat"] = std::to_string(petition.seat);
    context["opened"] = petition.opened.ToString();
    context["by_body"] = petition.by_body;
    context["motion"] = !petition.by_body.empty();
    context["roll"] = std::to_string(petition.roll);
    context["needed"] = std::to_string(petition.needed);
    context["signatures"] = std::to_string(petition.signers.size());
    context["fraction"] =
        fmt::format("{}/{}", charter.recall.petition_num, charter.recall.petition_den);
    context["electors_label"] = charter.electors_label;
    context["stage"] = std::string(PetitionStageName(stage));
    context["signing"] = stage == PetitionStage::kOpen;
    context["vote_due"] = stage == PetitionStage::kVoteDue;
    context["decided"] = petition.decided.has_value();
    if (petition.decided) {
      context["decided_on"] = petition.decided->ToString();
      context["votes_for"] = std::to_string(petition.votes_for);
      context["votes_against"] = std::to_string(petition.votes_against);
      context["by_election"] = petition.by_election;
      context["has_by_election"] = !petition.by_election.empty();
      context["by_election_href"] = ElectionHref(body, petition.by_election);
    }
    return {};
  });
  if (!read) {
    res.status = HttpStatus(read.error().code());
    res.set_header("Cache-Control", "no-store");
    res.set_content(FillAccount(ErrorPage(res.status, "Not available", read.error().ToString()),
                                reader.session),
                    kHtml);
    return;
  }
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      FillAccount(RenderPage("petition", fmt::format("Recall petition {} ({})", id, body),
                             std::move(context)),
                  reader.session),
      kHtml);
}

void Interactive::RegisterCouncil(httplib::Server& http) {
  http.Get("/bodies/([^/]+)/council", [this](const httplib::Request& req, httplib::Response& res) {
    CouncilPage(req, res, 200, "");
  });
  http.Get("/bodies/([^/]+)/elections/([^/]+)",
           [this](const httplib::Request& req, httplib::Response& res) {
             CouncilElectionPage(req, res, 200, "");
           });
  http.Get("/bodies/([^/]+)/petitions/([^/]+)",
           [this](const httplib::Request& req, httplib::Response& res) {
             PetitionPage(req, res, 200, "");
           });
}

}  // namespace sovet::server
