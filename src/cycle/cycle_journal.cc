#include "sovet/cycle_journal.h"

#include <fmt/format.h>

#include "journal/projection_cycle.h"

namespace sovet {
namespace {

ValueList Integers(const auto& values) {
  ValueList list;
  list.reserve(values.size());
  for (const auto& value : values) list.push_back(Value::Integer(static_cast<std::int64_t>(value)));
  return list;
}

ValueList Texts(const std::vector<std::string>& values) {
  ValueList list;
  list.reserve(values.size());
  for (const auto& value : values) list.push_back(Value::Text(value));
  return list;
}

}  // namespace

Result<Act> CycleActToJournal(const CycleAct& act, ActIndex act_index, MandateIndex first_mandate,
                              const PersonRegister& persons, const Census& census,
                              const Apportionment& apportionment) {
  Act out;
  out.fields["act"] = Value::Integer(act_index);
  if (const auto* registration = std::get_if<RegistrationAct>(&act)) {
    out.kind = kCycleRegisterKind;
    out.body = "";
    out.fields["unit"] = Value::Text(census.id[registration->unit]);
    out.fields["first"] = Value::Integer(registration->first);
    ValueList names, factions, ages, excluded;
    for (PersonIndex person = registration->first;
         person < registration->first + registration->count; ++person) {
      names.push_back(Value::Text(persons.name[person]));
      factions.push_back(Value::Text(FactionKey(persons.faction[person])));
      ages.push_back(Value::Integer(persons.age[person]));
      excluded.push_back(Value::Integer(persons.excluded_category[person]));
    }
    out.fields["names"] = Value::List(std::move(names));
    out.fields["factions"] = Value::List(std::move(factions));
    out.fields["ages"] = Value::List(std::move(ages));
    out.fields["excluded"] = Value::List(std::move(excluded));
    return out;
  }
  if (const auto* election = std::get_if<ElectionAct>(&act)) {
    out.kind = kCycleElectionKind;
    out.body = apportionment.bodies[election->body].id;
    out.fields["election"] = Value::Text(ElectionKindName(election->kind));
    out.fields["electing_body"] = Value::Text(
        election->electing_body >= 0 ? apportionment.bodies[election->electing_body].id : "");
    out.fields["method"] = Value::Text(election->method);
    out.fields["open"] = Value::Boolean(election->open);
    out.fields["seats"] = Value::Integer(election->seats);
    out.fields["electors"] = Value::Integer(election->electors);
    out.fields["present"] = Value::Integer(election->present);
    ValueMap voters;
    for (int faction_idx = 0; faction_idx < kFactionCount; ++faction_idx) {
      voters[FactionKey(static_cast<Faction>(faction_idx))] =
          Value::Integer(election->voters_by_faction[faction_idx]);
    }
    out.fields["voters"] = Value::Map(std::move(voters));
    out.fields["candidates"] = Value::List(Integers(election->candidates));
    out.fields["sources"] = Value::List(Integers(election->candidate_source));
    out.fields["votes"] = Value::List(Integers(election->votes));
    out.fields["elected"] = Value::List(Integers(election->elected));
    out.fields["portfolios"] = Value::List(Texts(election->portfolios));
    // The seed of any lot the count drew, as its 8 big-endian bytes.
    std::string seed_bytes(8, '\0');
    for (int byte = 0; byte < 8; ++byte) {
      seed_bytes[byte] = static_cast<char>((election->count_seed >> (56 - 8 * byte)) & 0xFF);
    }
    out.fields["count_seed"] = Value::ByteString(std::move(seed_bytes));
    out.fields["final"] = Value::Boolean(election->final);
    return out;
  }
  const auto& verification = std::get<VerificationAct>(act);
  out.kind = kCycleVerificationKind;
  out.body = apportionment.bodies[verification.body].id;
  out.fields["election"] = Value::Integer(verification.election);
  ValueList persons_list, mandates, seats, sources, reasons, details, portfolios;
  MandateIndex next = first_mandate;
  for (const MandateCheck& check : verification.checks) {
    const bool seated = check.reason == RejectReason::kNone;
    persons_list.push_back(Value::Integer(check.person));
    mandates.push_back(Value::Integer(seated ? next++ : kNoMandate));
    seats.push_back(Value::Integer(check.seat));
    sources.push_back(Value::Integer(check.source));
    reasons.push_back(Value::Text(RejectReasonName(check.reason)));
    details.push_back(Value::Text(check.detail));
    portfolios.push_back(Value::Text(check.portfolio));
  }
  out.fields["persons"] = Value::List(std::move(persons_list));
  out.fields["mandates"] = Value::List(std::move(mandates));
  out.fields["seats"] = Value::List(std::move(seats));
  out.fields["sources"] = Value::List(std::move(sources));
  out.fields["reasons"] = Value::List(std::move(reasons));
  out.fields["details"] = Value::List(std::move(details));
  out.fields["portfolios"] = Value::List(std::move(portfolios));
  return out;
}

Act ConstituentToJournal(const ConstituentAssembly& assembly, ActIndex act_index,
                         const Census& census) {
  Act out;
  out.kind = kCycleConstituentKind;
  out.fields["act"] = Value::Integer(act_index);
  out.fields["seats"] = Value::Integer(assembly.seats);
  out.fields["lists"] = Value::List(Texts(assembly.lists));
  out.fields["votes"] = Value::List(Integers(assembly.votes));
  out.fields["won"] = Value::List(Integers(assembly.won));
  ValueList districts;
  for (const ConstituentDistrict& district : assembly.districts) {
    ValueMap fields;
    fields["unit"] = Value::Text(census.id[district.unit]);
    fields["inhabitants"] = Value::Integer(district.inhabitants);
    fields["seats"] = Value::Integer(district.seats);
    fields["votes"] = Value::List(Integers(district.votes));
    fields["won"] = Value::List(Integers(district.won));
    districts.push_back(Value::MakeRecord("district", std::move(fields)));
  }
  out.fields["districts"] = Value::List(std::move(districts));
  return out;
}

CycleJournalWriter::CycleJournalWriter(Journal& journal, const Census& census,
                                       const Apportionment& apportionment)
    : journal_(journal), census_(census), apportionment_(apportionment) {}

CycleJournalWriter::~CycleJournalWriter() { (void)Finish(); }

Result<void> CycleJournalWriter::WaitBelow(std::int64_t outstanding) {
  std::unique_lock lock(mutex_);
  acknowledged_.wait(lock, [&] { return outstanding_ <= outstanding || error_.has_value(); });
  if (error_) return Error(*error_);
  return {};
}

Result<void> CycleJournalWriter::Submit(Act act) {
  SOVET_CHECK_OK(WaitBelow(kMaxOutstanding));
  {
    std::lock_guard lock(mutex_);
    ++outstanding_;
  }
  ++submitted_;
  journal_.Submit(std::move(act), [this](Result<Appended> appended) {
    std::lock_guard lock(mutex_);
    --outstanding_;
    if (!appended && !error_) error_ = appended.error();
    acknowledged_.notify_all();
  });
  return {};
}

Result<void> CycleJournalWriter::RecordApportionment() {
  for (const ApportionedBody& body : apportionment_.bodies) {
    Act act;
    act.kind = "body.create";
    act.body = body.id;
    act.fields["seats"] = Value::Integer(body.seats);
    SOVET_CHECK_OK(Submit(std::move(act)));
  }
  return {};
}

Result<void> CycleJournalWriter::Append(ActIndex first, std::span<const CycleAct> acts,
                                        const PersonRegister& persons) {
  for (std::size_t offset = 0; offset < acts.size(); ++offset) {
    const CycleAct& act = acts[offset];
    SOVET_TRY(Act journal_act, CycleActToJournal(act, first + static_cast<ActIndex>(offset),
                                                 next_mandate_, persons, census_, apportionment_));
    if (const auto* verification = std::get_if<VerificationAct>(&act)) {
      for (const MandateCheck& check : verification->checks) {
        if (check.reason == RejectReason::kNone) ++next_mandate_;
      }
    }
    SOVET_CHECK_OK(Submit(std::move(journal_act)));
  }
  return {};
}

// The journal's writer thread calls back into this object until every act
// submitted is acknowledged, failed or not: wait for all of them.
Result<void> CycleJournalWriter::Finish() {
  std::unique_lock lock(mutex_);
  acknowledged_.wait(lock, [&] { return outstanding_ == 0; });
  if (error_) return Error(*error_);
  return {};
}

}  // namespace sovet
