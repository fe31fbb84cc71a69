import { describe, expect, it } from "vitest";
import { rankByAnswer } from "../src/answers/candidate-answers";
import { cleanQuestion } from "../src/answers/clean-question";
import { DEFAULT_EXPANSION_CREDITS, expandTerms } from "../src/answers/expand-terms";
import { describeMonth, describeWindow } from "../src/answers/describe-window";
import { answersType, createEntityReader, type EntityKind } from "../src/answers/entities";
import { asPhrasalVerbs } from "../src/answers/phrasal-verbs";
import { withAskedKindCovered } from "../src/answers/asked-kind";
import { holdsQuestionPhrase } from "../src/answers/question-phrases";
import { analyzeQuestion, type AnswerType } from "../src/answers/question-type";
import { DEFAULT_SENTENCE_WEIGHTS, matchKeysOf, scoreSentences, termWeights, type CandidateSentence } from "../src/answers/score-sentences";
import { selectQuoteSentences } from "../src/answers/select-quotes";
import { openWordNet } from "../src/answers/wordnet";
import { matchStemOf, parseQuery, stemOf, wordsOf } from "../src/retrieval/parse-query";
import type { Passage } from "../src/retrieval/types";
import { asOfClock } from "../src/cli/ask";

describe("cleanQuestion", () => {
  it("drops Discord mentions, emoji, command mentions, timestamps and links, keeping the question's words", () => {
    expect(cleanQuestion("@everyone <@123> what did the council say about the bridge?")).toBe("what did the council say about the bridge?");
    expect(cleanQuestion("@here <@!42> <@&77> in <#99> who bought the land?")).toBe("in who bought the land?");
    expect(cleanQuestion("<:wave:123> <a:dance:456> how much </ask:12> did it cost <t:1700000000:R>")).toBe("how much did it cost");
    expect(cleanQuestion("see https://news.example.test/a?b=1 and www.example.test/page about the bridge")).toBe("see and about the bridge");
  });

  it("leaves a question without any of them as it was, less extra spaces", () => {
    expect(cleanQuestion("  How many homes   will the solar farm power? ")).toBe("How many homes will the solar farm power?");
    // A mention's look-alike in words is a word: "everyone" without "@" is asked.
    expect(cleanQuestion("Did everyone leave?")).toBe("Did everyone leave?");
  });

  it("gives a contraction typed without its apostrophe its apostrophe back, and leaves words that look like one", () => {
    expect(cleanQuestion("whats the price? Whos in charge, dont ask")).toBe("what's the price? who's in charge, don't ask");
    expect(cleanQuestion("the bridge cant close; whatsoever it wont")).toBe("the bridge cant close; whatsoever it wont");
  });

  it("drops a sum, and keeps figures the news writes with a slash or a dash", () => {
    expect(cleanQuestion("What is 2+2?")).toBe("What is ?");
    expect(cleanQuestion("what's 5 * 3 = 15, and 10 ÷ 2?")).toBe("what's , and ?");
    expect(cleanQuestion("What happened on 9/11? Is it open 24/7? Did it end 2-2 or 1.5-2?")).toBe("What happened on 9/11? Is it open 24/7? Did it end 2-2 or 1.5-2?");
    expect(cleanQuestion("Why did Disney+ and C++ users pay £2.50?")).toBe("Why did Disney+ and C++ users pay £2.50?");
  });

  it("an input of only mentions is empty", () => {
    expect(cleanQuestion("@everyone <@123> <#456>")).toBe("");
  });
});

describe("analyzeQuestion", () => {
  const types: [string, AnswerType | null][] = [
    ["How many vehicles use the bridge each day?", "number"],
    ["How much will the bridge repairs cost?", "money"],
    ["How much did the city pay for the land?", "money"],
    ["How much rain fell on Sunday?", "number"],
    ["Which country hosted the summit?", "country"],
    ["Which country’s prime minister resigned?", "country"],
    ["Who bought the land?", "person"],
    ["When did the city buy the land?", "date"],
    ["What percentage of the site stays pasture?", "percent"],
    ["Where did the scaffolding collapse?", "place"],
    ["Which city hosted the games?", "place"],
    ["Which company is building the solar farm?", "organization"],
    ["How long will the bridge be closed?", "duration"],
    ["Why did the council close the bridge?", null],
    ["What happened to the bridge?", null],
    // The first wh-word asks; a "when" clause inside the question asks for no date.
    ["Who was mayor when the bridge closed?", "person"],
    ["What can happen when the river floods?", null],
    ["When the bridge closes, which road will the buses take?", "name"],
    ["What did the mayor say when the bridge closed?", null],
    // "How" asks before any later wh-word: a speed or a distance is a number, a manner no type.
    ["How fast was the car going when it hit the riders?", "number"],
    ["How far did the fire spread before crews arrived?", "number"],
    ["How did the council respond when residents complained?", null],
    // A "who" or "which" after a noun is relative when a later wh-word asks.
    ["The council fined a builder who had ignored which rule?", "name"],
    ["A drone strike killed the group's leader, who was hiding in which country?", "country"],
    ["Police stopped a driver who was carrying what?", null],
    ["The mayor and which councillor voted against the closure?", "name"],
    ["In which city did the games open?", "place"],
    // …but "how many" asks wherever it stands.
    ["The network launched Starlink, which has how many satellites in orbit?", "number"],
    ["What age-related condition is more common in women?", null],
    ["What is the age limit for the course?", "number"],
    ["The clock was set to how many seconds before midnight?", "duration"],
    ["How much longer will the journey take?", "duration"],
    // The noun after "which" ends at a preposition: a currency is asked for, not a value.
    ["The dollar is nearly equal to which currency in value?", "name"],
    // "What did X pay?" asks for an amount, as "how much" does; paying tribute is no amount.
    ["What did Ashford pay for the rail yard?", "money"],
    ["What will the repairs cost?", "money"],
    ["What did the mayor pay tribute to?", null],
    ["What does the city allow if taxes are paid elsewhere?", null],
    // A saving, a profit or a shortfall is an amount too.
    ["What yearly saving does the council expect from the merger?", "money"],
    ["What profit did the brewery make last year?", "money"],
    ["What shortfall does the council face?", "money"],
    // A plural head noun asks as its singular does.
    ["Which of these players was traded this week?", "person"],
    ["Which two council members voted against the closure?", "person"],
    ["Which women were named to the board?", "person"],
    ["Which bands will play the festival?", "organization"],
    ["Which cities will host the games?", "place"],
  ];
  it.each(types)("%s → %s", (question, expected) => {
    expect(analyzeQuestion(question).expected).toBe(expected);
  });

  it("knows 'how old' and 'at what age' ask for an age, and 'what age-related' does not", () => {
    expect(analyzeQuestion("How old is the new ferry captain?").asksAge).toBe(true);
    expect(analyzeQuestion("At what age did she climb Everest?").asksAge).toBe(true);
    expect(analyzeQuestion("What age-related condition is more common in women?").asksAge).toBe(false);
    expect(analyzeQuestion("How many workers were killed?").asksAge).toBe(false);
  });

  it("knows 'how fast' and 'at what speed' ask for a speed, and 'how quickly' and 'how far' do not", () => {
    expect(analyzeQuestion("How fast was the car going?").asksSpeed).toBe(true);
    expect(analyzeQuestion("At what speed did the train travel?").asksSpeed).toBe(true);
    expect(analyzeQuestion("What top speed can the new trains reach?").asksSpeed).toBe(true);
    expect(analyzeQuestion("At what speed did the train travel?").expected).toBe("number");
    expect(analyzeQuestion("How quickly did the virus spread?").asksSpeed).toBe(false);
    expect(analyzeQuestion("How far did the car travel?").asksSpeed).toBe(false);
  });

  it("knows 'which film', 'which TV series' and 'what is the title' ask for a work's title, and 'which model plays' does not", () => {
    expect(analyzeQuestion("Which film scored the most Oscar nominations this week?").asksTitle).toBe(true);
    expect(analyzeQuestion("Which TV series about a podcast is returning?").asksTitle).toBe(true);
    expect(analyzeQuestion("Author Delia Owens is wanted for questioning. What's the title of her best-selling novel?").asksTitle).toBe(true);
    // "plays" is the verb here: the noun asked for is the model.
    expect(analyzeQuestion("Which model plays Elton John in a new video?").asksTitle).toBe(false);
    expect(analyzeQuestion("Which charity ran the appeal?").asksTitle).toBe(false);
    expect(analyzeQuestion("Which company makes the film?").asksTitle).toBe(false);
  });

  it("names the noun of what is asked for: 'which prison', 'who is the headteacher', 'what is the name of the dog'", () => {
    expect(analyzeQuestion("Which prison is he serving his sentence in?").askedNoun).toBe("prison");
    expect(analyzeQuestion("Which Castlebridge technology company announced the cuts?").askedNoun).toBe("company");
    expect(analyzeQuestion("What kind of animal escaped?").askedNoun).toBe("animal");
    expect(analyzeQuestion("Which of these bands announced a tour?").askedNoun).toBe("bands");
    expect(analyzeQuestion("Who is the headteacher of St Brendan's Primary?").askedNoun).toBe("headteacher");
    expect(analyzeQuestion("What is the name of the dog?").askedNoun).toBe("dog");
    expect(analyzeQuestion("What did the council say?").askedNoun).toBeNull();
    expect(analyzeQuestion("Who won the by-election?").askedNoun).toBeNull();
  });

  it("reads a hyphenated word before the asked noun as part of its phrase, whatever its parts' tags", () => {
    expect(analyzeQuestion("Which fast-food chain raised its prices?").askedNoun).toBe("chain");
    expect(analyzeQuestion("Which scandal-hit county council lost its leader?").askedNoun).toBe("council");
    expect(analyzeQuestion("Which three-Michelin-starred restaurant is closing?").askedNoun).toBe("restaurant");
    expect(analyzeQuestion("Which newly-released horror film topped the box office?")).toMatchObject({ askedNoun: "film", asksTitle: true });
  });

  it("reads the noun asked for after an owner: 'what is the name of the mayor's new dog' asks for a dog", () => {
    expect(analyzeQuestion("What is the name of the mayor's new dog?").askedNoun).toBe("dog");
    expect(analyzeQuestion("What is the name of Councillor Bronwen Tegid’s dog?").askedNoun).toBe("dog");
    expect(analyzeQuestion("What is the name of the council's new recycling plan?").askedNoun).toBe("plan");
    // A quoted "'s" is no owner.
    expect(analyzeQuestion('What is the name of the cheese dubbed the "world\'s smelliest"?').askedNoun).toBe("cheese");
  });

  it("reads the asked noun whatever wink tags it: a name's words, and an adjective used as a noun", () => {
    expect(analyzeQuestion("Which Jane Cook novel is being filmed?")).toMatchObject({ askedNoun: "novel", asksTitle: true });
    expect(analyzeQuestion("Which Rose Mason novel won the prize?")).toMatchObject({ askedNoun: "novel", asksTitle: true });
    expect(analyzeQuestion("Which British royal opened the bridge?").askedNoun).toBe("royal");
    expect(analyzeQuestion("Which Castlebridge rival has signed the striker?").askedNoun).toBe("rival");
    expect(analyzeQuestion("Which high-profile individual's account was locked?").askedNoun).toBe("individual");
    expect(analyzeQuestion("What subject does the new headteacher teach?").askedNoun).toBe("subject");
    expect(analyzeQuestion("Who is eligible for the grant?").askedNoun).toBeNull();
  });

  it("reads the words modifying the asked noun whatever wink tags them, but not a verb of the question's own", () => {
    expect(analyzeQuestion("Which wildly popular show was renewed?")).toMatchObject({ askedNoun: "show", asksTitle: true });
    expect(analyzeQuestion("Which streaming platform raised its prices?").askedNoun).toBe("platform");
    expect(analyzeQuestion("Which critically endangered bird was spotted?").askedNoun).toBe("bird");
    expect(analyzeQuestion("Which fast food chain closed its first restaurant?").askedNoun).toBe("chain");
    expect(analyzeQuestion("Which “Harbour Lights” character left the show?").askedNoun).toBe("character");
    expect(analyzeQuestion("The founder of which $3 billion outdoor retailer gave the company away?").askedNoun).toBe("retailer");
    expect(analyzeQuestion("Which formidable but controversial newspaper editor was snubbed?").askedNoun).toBe("editor");
    expect(analyzeQuestion("What caused the delays?").askedNoun).toBeNull();
    expect(analyzeQuestion("What sparked outrage this week?").askedNoun).toBeNull();
  });

  it("reads a verb wink tags a noun as the question's verb when an article or a name follows it", () => {
    expect(analyzeQuestion("How many passengers use the number 27 bus each week?").counted).toBe("passengers");
    expect(analyzeQuestion("How many people use the Kestrel Street Bridge?").counted).toBe("people");
    expect(analyzeQuestion("What two villages border the reservoir?").askedNoun).toBe("villages");
    expect(analyzeQuestion("What charity rescued an injured seal on Tapley beach?").askedNoun).toBe("charity");
    // An object after it: the noun before an article is the asked one's.
    expect(analyzeQuestion("A late goal cost which Northshire football team a place in the final?").askedNoun).toBe("team");
    expect(analyzeQuestion("How many bus routes the company runs will close?").counted).toBe("routes");
    // Or a name: "use Sandpit Lane", "honored Lauren Park-Lane".
    expect(analyzeQuestion("How many cyclists use Sandpit Lane?").counted).toBe("cyclists");
    expect(analyzeQuestion("How many people visit Yellowstone each year?").counted).toBe("people");
    expect(analyzeQuestion("Which conference honored Lauren Park-Lane as the Player of the Year?").askedNoun).toBe("conference");
    expect(analyzeQuestion("How many Premier League clubs are there?").counted).toBe("clubs");
    // Or a particle and an article: "lit up the…".
    expect(analyzeQuestion("Which town lit up the harbour with fireworks?").askedNoun).toBe("town");
  });

  it("reads past a name's or a kind's modifiers to the asked noun: 'British racing driver', 'children's toy'", () => {
    expect(analyzeQuestion("Which British racing driver won the race at Brands Hatch?").askedNoun).toBe("driver");
    expect(analyzeQuestion("Which reality TV cooking show was cancelled?").askedNoun).toBe("show");
    expect(analyzeQuestion("Which iconic children's toy is being relaunched?").askedNoun).toBe("toy");
    expect(analyzeQuestion("Which women's football team won the county cup?").askedNoun).toBe("team");
    // A country's "'s" still names what is asked for.
    expect(analyzeQuestion("Which country's prime minister resigned?").askedNoun).toBe("country");
  });

  it("reads the asked noun in the question's own case, so that 'US' is no pronoun", () => {
    expect(analyzeQuestion("Which US state passed the law?").askedNoun).toBe("state");
    expect(analyzeQuestion("Which South Asian country hosted the talks?").askedNoun).toBe("country");
    expect(analyzeQuestion("How many US states restrict the app?").counted).toBe("states");
  });

  it("names what 'how many X' counts", () => {
    expect(analyzeQuestion("How many workers will lose their jobs?").counted).toBe("workers");
    expect(analyzeQuestion("How many more homes will the farm power?").counted).toBe("homes");
    expect(analyzeQuestion("How much did the repairs cost?").counted).toBeNull();
    expect(analyzeQuestion("How many of Iran's nuclear sites did US forces strike?").counted).toBe("sites");
    // The head noun, not the words before it: "40 new charging points" counts no jobs.
    expect(analyzeQuestion("How many new jobs will the plant bring?").counted).toBe("jobs");
    expect(analyzeQuestion("How many hot dogs did Joey Chestnut eat?").counted).toBe("dogs");
    expect(analyzeQuestion("How many people died in the attack?").counted).toBe("people");
    expect(analyzeQuestion("How many of the workers were hurt?").counted).toBe("workers");
    expect(analyzeQuestion("How many of the Alder cannery's workers will lose their jobs?").counted).toBe("workers");
    expect(analyzeQuestion("How many were injured at the Dunmore site?").counted).toBeNull();
    expect(analyzeQuestion("How many have died since Sunday?").counted).toBeNull();
  });

  it("reads 'Did anyone…?' as asking how many people did", () => {
    for (const question of ["Did anyone die in the attack?", "Was anybody hurt in the crash?", "Has someone been arrested?"]) {
      expect(analyzeQuestion(question), question).toMatchObject({ expected: "number", counted: "people" });
    }
    // Only as the one asked about: whom Iran warned is no count.
    expect(analyzeQuestion("Did Iran warn anyone before the strike?")).toMatchObject({ expected: null, counted: null });
  });

  it("tells a question for a year or a day from one for any date", () => {
    expect(analyzeQuestion("What year did the cannery open?").datePart).toBe("year");
    expect(analyzeQuestion("Which day will the bridge reopen?").datePart).toBe("day");
    expect(analyzeQuestion("When will the bridge reopen?").datePart).toBeNull();
  });

  it("tells a question for a cause: 'why', 'for what reason', 'what caused'", () => {
    expect(analyzeQuestion("Why is the cannery closing?").asksReason).toBe(true);
    expect(analyzeQuestion("The park reopened on Wednesday. Why was it shut down?").asksReason).toBe(true);
    expect(analyzeQuestion("The zoo closed for what reason?").asksReason).toBe(true);
    expect(analyzeQuestion("What caused the scaffolding to fall?").asksReason).toBe(true);
    expect(analyzeQuestion("What did the owners blame?").asksReason).toBe(false);
    expect(analyzeQuestion("When is the cannery closing?").asksReason).toBe(false);
  });

  it("keeps the noun of 'which X' for kinds no answer type covers", () => {
    expect(analyzeQuestion("Which animal escaped from the zoo?").kinds).toContain("animal");
    expect(analyzeQuestion("Which of these fruits was recalled?").kinds).toContain("fruits");
    expect(analyzeQuestion("What kind of bird nested on the bridge?").kinds).toEqual(["bird"]);
    expect(analyzeQuestion("Which city hosted the games?").kinds).toEqual([]);
  });

  it("reads 'what's' as 'what is'", () => {
    expect(analyzeQuestion("What's the price of the bridge repairs?").expected).toBe("money");
    expect(analyzeQuestion("Where’s the summit being held?").expected).toBe("place");
  });

  it("asks for a name with 'What is X called?', and takes no verb after 'what' for a kind", () => {
    const called = analyzeQuestion("The musical closed after 35 years. What is the show called?");
    expect(called.expected).toBe("name");
    expect(called.kinds).toEqual([]);
    expect(analyzeQuestion("What was the new perfume named?").expected).toBe("name");
    expect(analyzeQuestion("What is happening at the zoo?").kinds).toEqual([]);
  });

  it("reads the asking sentence when a quiz question states a fact first", () => {
    expect(analyzeQuestion("A bridge closed this week. How many vehicles used it each day?").expected).toBe("number");
  });

  it("ends no asking sentence at the full stop of 'U.S.' or 'Gov.'", () => {
    expect(analyzeQuestion("Which U.S. President once founded a bike race in Delaware?")).toMatchObject({ expected: "person", askedNoun: "president", askingPart: null });
    expect(analyzeQuestion("Gov. Gavin Newsom signed a bill into law this week. What is it?").askingPart).toBe("What is it?");
    expect(analyzeQuestion("Serena Williams will retire after the U.S. Open. How many grand slams has she won?").askingPart).toBe("How many grand slams has she won?");
  });

  it("names the speaker of 'What did X say / tell / announce?'", () => {
    expect(analyzeQuestion("What did Mayor Tom Brandt say about the bridge?").speaker).toBe("mayor tom brandt");
    expect(analyzeQuestion("What did the Kremlin tell reporters?").speaker).toBe("the kremlin");
    expect(analyzeQuestion("What has the council announced?").speaker).toBe("the council");
    expect(analyzeQuestion("What will the bridge repairs cost?").speaker).toBeNull();
    expect(analyzeQuestion("Who said the bridge was safe?").speaker).toBeNull();
  });

  it("asks for X's own words in 'What did X say / tell / write?', not in a reaction, a thought or a State senator", () => {
    expect(analyzeQuestion("What did Mayor Tom Brandt say about the bridge?").asksWords).toBe(true);
    expect(analyzeQuestion("What did Elon Musk write on Twitter?").asksWords).toBe(true);
    expect(analyzeQuestion("How did the Kremlin react to the truce?").asksWords).toBe(false);
    expect(analyzeQuestion("What did the mayor think of the closure?").asksWords).toBe(false);
    expect(analyzeQuestion("What will fill a casual vacancy of a State senator?").asksWords).toBe(false);
  });

  it("reads 'How did X react / describe…?', 'What did X think…?' and 'What is X's position on…?' as asking what X said, the verb or noun no question word", () => {
    const react = analyzeQuestion("How did the Kremlin react to the truce?");
    expect([react.speaker, react.attitudeWord]).toEqual(["the kremlin", "react"]);
    expect(analyzeQuestion("How did Putin describe the strikes on Iran?").speaker).toBe("putin");
    expect(analyzeQuestion("What did the mayor think of the closure?").attitudeWord).toBe("think");
    const reaction = analyzeQuestion("What was the Kremlin's reaction to the truce?");
    expect([reaction.speaker, reaction.attitudeWord]).toEqual(["the kremlin", "reaction"]);
    const position = analyzeQuestion("What is Russia's position on Iran?");
    expect([position.speaker, position.attitudeWord]).toEqual(["russia", "position"]);
    // A plural's apostrophe after its "s".
    const views = analyzeQuestion("What are the unions' views on the deal?");
    expect([views.speaker, views.attitudeWord]).toEqual(["the unions", "views"]);
    expect(analyzeQuestion("What was the unions' reaction to the deal?").speaker).toBe("the unions");
    expect(analyzeQuestion("What's the Kremlin's take on the truce?").attitudeWord).toBe("take");
    expect(analyzeQuestion("What was Peskov's comment on the ceasefire?").speaker).toBe("peskov");
    const commented = analyzeQuestion("Did the Kremlin comment on the truce?");
    expect([commented.speaker, commented.attitudeWord]).toEqual(["the kremlin", "comment"]);
    expect(analyzeQuestion("Has Putin spoken about the strikes?").speaker).toBe("putin");
    expect(analyzeQuestion("How does Russia feel about the ceasefire?").attitudeWord).toBe("feel");
    // Only a question opening so asks whether X said something.
    expect(analyzeQuestion("Who did the mayor talk about?").speaker).toBeNull();
    // A place in a team is no stance.
    expect(analyzeQuestion("Which player will take the quarterback position on the team?").speaker).toBeNull();
    expect(analyzeQuestion("What was the response to the outbreak?").attitudeWord).toBeNull();
    // Articles write "announced": it stays a question word.
    expect(analyzeQuestion("What has the council announced?").attitudeWord).toBeNull();
    expect(analyzeQuestion("How did the fire start?").speaker).toBeNull();
  });

  it("reads 'What words did X use to describe…?' as asking what X said, 'use to describe' no question words", () => {
    const words = analyzeQuestion("What words did Putin use to describe the attacks?");
    expect([words.speaker, words.attitudeWord]).toEqual(["putin", "use to describe"]);
    const term = analyzeQuestion("The chancellor used what term for her plan?");
    expect([term.speaker, term.attitudeWord]).toEqual(["the chancellor", "used"]);
    expect(analyzeQuestion("The UK's shadow chancellor Rachel Reeves used what term for her plan?").speaker).toBe("rachel reeves");
    expect(analyzeQuestion("Which word did the dictionary select as its word of the year?").speaker).toBeNull();
  });
});

describe("findEntities", () => {
  const { findEntities } = createEntityReader();
  const kinds = (sentence: string, kind: EntityKind) => findEntities(sentence).filter((entity) => entity.kind === kind).map((entity) => entity.text);

  it("finds amounts of money, percentages and numbers", () => {
    expect(kinds("The repairs will cost $4.5 million, most of it covered by a grant.", "money")).toEqual(["$4.5 million"]);
    expect(kinds("About 35 percent of the site will be kept as pasture.", "percent").join(" ")).toMatch(/35 percent/);
    expect(kinds("The bridge carries about 60,000 vehicles a day.", "number").join(" ")).toMatch(/60,000/);
  });

  it("reads a number after a pound or euro sign as an amount, with its magnitude", () => {
    expect(kinds("She raised £7m for cancer research.", "money")).toEqual(["£7m"]);
    expect(kinds("The deal is worth €5bn, officials said.", "money")).toEqual(["€5bn"]);
    expect(kinds("The repairs will cost £250,000.", "money")).toEqual(["£250,000"]);
    expect(kinds("It raised $7m.", "money")).toEqual(["$7m"]);
    expect(kinds("She raised £7m for cancer research.", "number")).toEqual([]);
  });

  it("reads pounds with no currency sign as a weight, a number, unless 'sterling' follows", () => {
    expect(kinds("Meridian-2 weighs about 1,450 kilograms, or roughly 3,200 pounds.", "money")).toEqual([]);
    expect(kinds("Meridian-2 weighs about 1,450 kilograms, or roughly 3,200 pounds.", "number")).toContain("3,200 pounds");
    expect(kinds("The company recalled 8 million pounds of chicken.", "number")).toEqual(["8 million pounds"]);
    expect(kinds("He was fined 300 pounds sterling.", "money")).toEqual(["300 pounds"]);
  });

  it("takes no bare unit for a duration: 'the day after' is no length of time", () => {
    expect(kinds("He traveled to Moscow the day after the strikes.", "duration")).toEqual([]);
    expect(kinds("The strike ended a 12-day war.", "duration")).toEqual([]);
    expect(kinds("The bridge will close for six months of repairs.", "duration")).toEqual(["six months"]);
  });

  it("takes one unit after 'a' or 'an' for a duration, but not a rate or a relative date", () => {
    expect(kinds("The fish stocks would take a decade to recover.", "duration")).toEqual(["a decade"]);
    expect(kinds("He was jailed for a year and a half.", "duration")).toEqual(["a year and a half"]);
    expect(kinds("The meeting lasted an hour.", "duration")).toEqual(["an hour"]);
    expect(kinds("The lane is used by around 300 cyclists a week.", "duration")).toEqual([]);
    expect(kinds("He cycled twice a day.", "duration")).toEqual([]);
    expect(kinds("He died a day later.", "duration")).toEqual([]);
  });

  it("finds dates", () => {
    expect(kinds("The city bought the land on 14 October 2026.", "date")).toContain("14 October 2026");
  });

  it("finds the titles a sentence quotes, in any quotation marks, and not a quoted phrase or someone's word", () => {
    expect(kinds('"Everything Everywhere All at Once" ruled Tuesday when nominations were announced.', "title")).toEqual(["Everything Everywhere All at Once"]);
    expect(kinds("…off the press trail for “Barbie,” and the cast of “Succession” won’t be campaigning.", "title")).toEqual(["Barbie", "Succession"]);
    expect(kinds("Sad news:'Friends' star Matthew Perry, sitcom great, dead at 54", "title")).toEqual(["Friends"]);
    expect(kinds("He reprised his role in ‘Leave It to Beaver’ in 1983.", "title")).toEqual(["Leave It to Beaver"]);
    // A phrase in quotes, a quoted word opening the sentence, apostrophes, a long quotation.
    expect(kinds('He called it "a very sad day" for the town.', "title")).toEqual([]);
    expect(kinds("“Terrible,” he said of the verdict.", "title")).toEqual([]);
    expect(kinds("Perry's show and the Joneses' house were sold.", "title")).toEqual([]);
    expect(kinds('"We Will Keep Working On This Until Every Family Has A Home Again," she said.', "title")).toEqual([]);
  });

  it("takes no month or weekday of a date for a name", () => {
    // "Which state…?" was answered by "July" of "won the jackpot on July 29, 2022".
    expect(kinds("A ticket bought in Chicago won the jackpot on July 29, 2022.", "name")).toEqual(["Chicago"]);
    expect(kinds("Trump met Macron on Monday.", "name")).toEqual(["Trump", "Macron"]);
  });

  it("takes no month of a length of time for a name", () => {
    // "Which restaurant won…?" was answered by "mid-March" of "Each week since mid-March…".
    expect(kinds("Each week since mid-March, thousands have voted for the best wing in Delaware.", "name")).toEqual(["Delaware"]);
    expect(kinds("The strike lasted from March to June.", "name")).toEqual([]);
  });

  it("answers 'how much' with a number, a percentage or an amount", () => {
    const answering = (sentence: string) => findEntities(sentence).filter((entity) => answersType(entity, "number")).map((entity) => entity.text);
    expect(answering("Only about 9% of plastic is recycled.").join(" ")).toMatch(/9%/);
    expect(answering("Borrowers may see up to $20,000 forgiven.").join(" ")).toMatch(/\$20,000/);
  });

  it("answers 'how long' with a length of time, not with when", () => {
    const answering = (sentence: string) => findEntities(sentence).filter((entity) => answersType(entity, "duration")).map((entity) => entity.text);
    expect(answering("A shortfall opened up over the summer.")).toEqual([]);
    expect(answering("She was detained on Monday morning.")).toEqual([]);
    expect(answering("She was detained for nearly ten months.").join(" ")).toMatch(/ten months/);
    expect(answering("She has led the council since 2019.").join(" ")).toMatch(/since 2019/);
  });

  it("tells a country from another name", () => {
    expect(kinds("The summit was held in Kenya last week.", "country")).toEqual(["Kenya"]);
    expect(kinds("Mayor Tom Brandt opened the bridge.", "name")).toEqual(["Mayor Tom Brandt"]);
    expect(kinds("Mayor Tom Brandt opened the bridge.", "country")).toEqual([]);
  });

  it("finds each country of 'X and Y'", () => {
    // A name run may join words with "and", but two countries joined so are two answers to "which country".
    expect(kinds("France and Kenya signed the trade deal on Friday.", "country")).toEqual(["France", "Kenya"]);
  });

  it("joins a name over 'of the' and starts a name after 'and the' at the name", () => {
    expect(kinds('The chandelier fell at the last "The Phantom of the Opera" on Sunday.', "name")).toEqual(["Phantom of the Opera"]);
    expect(kinds("France and the United States signed the deal.", "country")).toEqual(["France", "United States"]);
  });

  it("finds a country whose name holds 'and'", () => {
    expect(kinds("The prize went to a team from Trinidad and Tobago.", "country")).toEqual(["Trinidad and Tobago"]);
  });

  it("reads a hyphenated word inside a name, and a number with letters written onto a name, as part of the name", () => {
    // "Karine Jean" and "Pierre" were two names, "Star Weekend" one of "All-Star Weekend", and the 76 of the 76ers a
    // number answering "how many…?".
    expect(kinds("Councillor Bronwen Price-Tegid met Karine Jean-Pierre on Friday.", "name")).toEqual(["Councillor Bronwen Price-Tegid", "Karine Jean-Pierre"]);
    const sentence = "He was the star of the NBA All-Star Weekend, on a contract with the Philadelphia 76ers.";
    expect(kinds(sentence, "name")).toEqual(["NBA All-Star Weekend", "Philadelphia 76ers"]);
    expect(kinds(sentence, "number")).toEqual([]);
    // Standing alone, a hyphen joins two names; and a word written onto a name makes no name of it.
    expect(findEntities("The Israel-Hamas war reached the Ohio-Pennsylvania border.").map((entity) => entity.text)).toEqual(["Israel", "Hamas", "Ohio", "Pennsylvania"]);
    expect(kinds("A Trump-backed challenger, Harriet Hageman, won.", "name")).toEqual(["Trump", "Harriet Hageman"]);
  });

  it("reads a capitalised common noun between two names as part of them ('Kansas City Chiefs')", () => {
    // wink tags "City" a common noun: "Kansas" and "Chiefs" had been two names, and "Castlebridge City Council" too.
    expect(kinds("The Kansas City Chiefs beat the Buffalo Bills, and City fans cheered Patrick Mahomes.", "name")).toEqual([
      "Kansas City Chiefs",
      "Buffalo Bills",
      "Patrick Mahomes",
    ]);
    expect(kinds("Councillors of Castlebridge City Council met on Friday.", "name")).toEqual(["Councillors of Castlebridge City Council"]);
  });

  it("finds nothing in a sentence without entities", () => {
    expect(findEntities("the bridge will close for repairs")).toEqual([]);
  });

  it("reads a sentence for one question whatever was read for another", () => {
    const sentence = "Critics said Halvorsen's plan would fail.";
    const names = (reader: ReturnType<typeof createEntityReader>) => reader.findEntities(sentence).filter((entity) => entity.kind === "name").map((entity) => entity.text);
    // wink keeps whole a word its instance has met whole: one reader for every question had read "Halvorsen's" so.
    const other = createEntityReader();
    other.findEntities("The Halvorsen's-backed housing bill passed.");
    expect(names(other)).toContain("Halvorsen's");
    expect(names(createEntityReader())).toContain("Halvorsen");
    expect(names(createEntityReader())).not.toContain("Halvorsen's");
  });
});

describe("the WordNet lexicon", () => {
  const lexicon = openWordNet();
  const words = (word: string) => lexicon.relatedWords(word).map((related) => related.word);

  it("relates an irregular past to its verb and synonyms", () => {
    expect(words("bought")).toEqual(expect.arrayContaining(["buy", "purchase"]));
    expect(lexicon.relatedWords("bought")).toContainEqual({ word: "purchase", relation: "synonym" });
  });

  it("knows kinds of things: a lion is an animal, flu a disease, London a city; a bridge is no animal", () => {
    expect(lexicon.isKindOf("lions", "animal")).toBe(true);
    expect(lexicon.isKindOf("influenza", "disease")).toBe(true);
    expect(lexicon.isKindOf("London", "city")).toBe(true);
    expect(lexicon.isKindOf("bridge", "animal")).toBe(false);
    expect(lexicon.isKindOf("animal", "animal")).toBe(false);
  });

  it("knows a name of several words whose first word is no noun: New York and Los Angeles are cities", () => {
    expect(lexicon.isKindOf("New York", "city")).toBe(true);
    expect(lexicon.isKindOf("Los Angeles", "location")).toBe(true);
    expect(lexicon.isKindOf("South Africa", "location")).toBe(true);
    expect(lexicon.isKindOf("New York", "person")).toBe(false);
  });

  it("relates an adjective to the noun it pertains to: 'daily' to 'day', 'presidential' to 'president'", () => {
    expect(words("daily")).toContain("day");
    expect(words("presidential")).toContain("president");
  });

  it("relates a noun to the adjectives pertaining to it: 'tooth' to 'dental', 'moon' to 'lunar'", () => {
    expect(words("tooth")).toContain("dental");
    expect(words("moon")).toContain("lunar");
    expect(words("cities")).toContain("urban");
  });

  it("reads phrasal verbs, a doubled consonant undone: 'stepped down' is 'resign', 'called off' is 'cancel'", () => {
    expect(words("stepped down")).toEqual(expect.arrayContaining(["resign", "quit"]));
    expect(words("called off")).toContain("cancel");
    expect(words("stepped")).toContain("step");
  });

  it("gives a related phrasal verb with its particle: 'resign' is 'step down', 'die' is 'pass away'", () => {
    expect(words("resign")).toContain("step down");
    expect(words("die")).toContain("pass away");
    // A two-word verb whose second word is no particle ("set about") is not given: sentences are not matched on it.
    expect(words("begin")).toContain("start out");
    expect(words("begin")).not.toContain("set about");
  });

  it("relates 'died' to 'die' and 'perish', and 'killed' to 'kill'", () => {
    expect(words("died")).toEqual(expect.arrayContaining(["die", "perish"]));
    expect(words("killed")).toContain("kill");
  });

  it("relates a word to its family, two derivations away: 'retaliation' to 'retaliatory' through 'retaliate'", () => {
    expect(lexicon.relatedWords("retaliation")).toEqual(expect.arrayContaining([
      { word: "retaliate", relation: "derivation" },
      { word: "retaliatory", relation: "derivation" },
    ]));
    expect(words("relationship")).toContain("relate");
  });

  it("relates a verb to what causes it, asked the other way round: 'died' to 'kill'", () => {
    expect(words("died")).toContain("kill");
    expect(words("die")).toContain("kill");
  });

  it("gives a hyphenated word closed, as news writes it: 'truce' is 'ceasefire', not 'cease-fire'", () => {
    expect(words("truce")).toContain("ceasefire");
    expect(words("truce")).not.toContain("cease-fire");
    // "email" is WordNet's "e-mail": the word itself, not a relative of it.
    expect(words("email")).not.toContain("email");
  });

  it("gives a word's opposite as its antonym: 'admit' and 'deny', 'open' and 'close'", () => {
    expect(lexicon.relatedWords("admit")).toContainEqual({ word: "deny", relation: "antonym" });
    expect(lexicon.relatedWords("open")).toContainEqual({ word: "close", relation: "antonym" });
  });

  it("relates a country and its capital, as news names a government: 'Iran' and 'Tehran', 'Russia' and 'Moscow'", () => {
    expect(lexicon.relatedWords("Iran")).toContainEqual({ word: "tehran", relation: "derivation" });
    expect(lexicon.relatedWords("Tehran")).toContainEqual({ word: "iran", relation: "derivation" });
    // The Russian Federation is WordNet's fourth sense of "Russia".
    expect(words("Russia")).toContain("moscow");
    expect(words("Moscow")).toContain("russia");
    // A city that is no national capital stands for no country.
    expect(words("Isfahan")).not.toContain("iran");
  });

  it("never lists the word itself, and knows nothing of a non-word", () => {
    expect(words("purchase")).not.toContain("purchase");
    expect(words("zxqwv")).toEqual([]);
  });
});

describe("expandTerms", () => {
  const lexicon = openWordNet();
  const alternativesOf = (question: string, word: string) => expandTerms(parseQuery(question).terms, question, lexicon, DEFAULT_EXPANSION_CREDITS).alternatives.get(matchStemOf(word))!;

  it("matches a related word that is also an irregular past as the word itself: 'found' a company, not 'find'", () => {
    const established = alternativesOf("Who established the company?", "established");
    // "Quillon was founded in 2011": the sentence's "founded" is matched on this stem.
    expect(established.has(matchStemOf("founded"))).toBe(true);
    expect(established.has(matchStemOf("found"))).toBe(false);
  });

  it("reads 'passed away' as one verb, found where the index has 'died', the particle no term of its own", () => {
    const question = "How old was Gerald Pennock when he passed away?";
    const terms = asPhrasalVerbs(parseQuery(question).terms, question, lexicon);
    expect(terms.map((term) => term.word)).toEqual(["gerald", "pennock", "passed away"]);
    const expanded = expandTerms(terms, question, lexicon, DEFAULT_EXPANSION_CREDITS);
    const died = matchStemOf("died");
    expect(expanded.alternatives.get(terms[2]!.stem)!.get(died)).toBe(DEFAULT_EXPANSION_CREDITS.synonym);
    // Counted and searched as the index stems "died", not as "die", which it rarely holds.
    expect(expanded.indexStems.get(died)).toContain(stemOf("died"));
    expect(expanded.searchWords.get(died)).toContain("died");
  });

  it("matches the other number of a noun ending in one 's' as the word itself: 'buses' for 'bus', 'virus' for 'viruses'", () => {
    expect(alternativesOf("When do the bus cuts start?", "bus").get(matchStemOf("buses"))).toBe(1);
    expect(alternativesOf("Which viruses are spreading?", "viruses").get(matchStemOf("virus"))).toBe(1);
    // "Glasses" and "glass" share a stem already, and "cases" is no plural of a noun "cas".
    expect([...alternativesOf("Who found the glasses?", "glasses").keys()]).not.toContain(matchStemOf("glasseses"));
    expect(alternativesOf("How many cases were there?", "cases").has(matchStemOf("cas"))).toBe(false);
  });

  it("matches a nationality in its country's acronym as a text writes it, dotted or not, and no other capitals", () => {
    const american = alternativesOf("What did the Kremlin say about the American strikes?", "American");
    const keysOf = (text: string) => [...matchKeysOf(text)].filter((key) => american.has(key));
    expect(keysOf("after U.S. forces struck Iranian nuclear sites")).toEqual(["US"]);
    expect(keysOf("US President Donald Trump said")).toEqual(["US"]);
    expect(keysOf("It told us nothing, the UN said")).toEqual([]);
  });
});

describe("describeWindow", () => {
  it("names a day, a month, a year, a range and an open end as a refusal says them", () => {
    expect(describeWindow({ since: "2026-11-29", until: "2026-11-29" })).toBe("on 29 Nov 2026");
    expect(describeWindow({ since: "2026-06-01", until: "2026-06-30" })).toBe("in June 2026");
    expect(describeWindow({ since: "2024-02-01", until: "2024-02-29" })).toBe("in February 2024");
    expect(describeWindow({ since: "2025-01-01", until: "2025-12-31" })).toBe("in 2025");
    expect(describeWindow({ since: "2026-11-23", until: "2026-11-29" })).toBe("between 23 Nov 2026 and 29 Nov 2026");
    expect(describeWindow({ since: "2026-11-01" })).toBe("since 1 Nov 2026");
    expect(describeWindow({ until: "2026-11-01" })).toBe("until 1 Nov 2026");
    expect(describeWindow({})).toBe("");
    expect(describeMonth("2025-06-12T17:00:00Z")).toBe("June 2025");
  });
});

describe("asOfClock", () => {
  it("a date is that day's noon in the time zone; a date-time is itself", () => {
    expect(asOfClock("--as-of", "2026-11-29", "UTC")!().toISOString()).toBe("2026-11-29T12:00:00.000Z");
    expect(asOfClock("--as-of", "2026-11-29", "America/New_York")!().toISOString()).toBe("2026-11-29T17:00:00.000Z");
    expect(asOfClock("--as-of", "2026-11-29T08:30:00Z", "UTC")!().toISOString()).toBe("2026-11-29T08:30:00.000Z");
    expect(asOfClock("--as-of", undefined, "UTC")).toBeUndefined();
  });

  it("anything else is one line naming the option and the form it takes", () => {
    expect(() => asOfClock("--as-of", "last Tuesday", "UTC")).toThrow(/--as-of must be a date YYYY-MM-DD or an ISO date-time, got "last Tuesday"/);
    // The shape of a date without being one: named once, as the option or the batch field is spelled.
    expect(() => asOfClock("--as-of", "2026-13-45", "UTC")).toThrow(/^--as-of must be a date YYYY-MM-DD or an ISO date-time, got "2026-13-45"$/);
    expect(() => asOfClock('"asOf"', "2026-02-30", "UTC")).toThrow(/^"asOf" must be a date YYYY-MM-DD or an ISO date-time, got "2026-02-30"$/);
  });
});

describe("scoreSentences: a sentence that carries on from the one before", () => {
  const text = [
    "Iran fired missiles at the Al Udeid Air Base in Qatar on Monday. The attack caused no casualties, officials said.",
    "Casualties were reported after an attack elsewhere.",
  ].join("\n\n");
  const passage = { article: { rowid: 1, title: "Missiles over Qatar", text }, chunk: { start: 0, end: text.length, text }, score: 1 } as Passage;
  const { terms } = parseQuery("Were there casualties in the attack on Al Udeid?");
  const weights = new Map(terms.map((term) => [term.stem, 1]));
  const scored = (leadIn = DEFAULT_SENTENCE_WEIGHTS.leadIn) => scoreSentences([passage], terms, weights, { ...DEFAULT_SENTENCE_WEIGHTS, leadIn });
  const holding = (candidates: CandidateSentence[], words: string) => candidates.find((candidate) => candidate.text.includes(words))!;

  it("earns part of the words of the sentence before and is quoted with it", () => {
    const candidates = scored();
    const withLeadIn = holding(candidates, "no casualties");
    expect(withLeadIn.text).toBe("Iran fired missiles at the Al Udeid Air Base in Qatar on Monday. The attack caused no casualties, officials said.");
    expect(withLeadIn.start).toBe(0);
    expect(withLeadIn.coverage).toBeGreaterThan(holding(scored(0), "no casualties").coverage);
    expect(candidates[0]).toBe(withLeadIn);
  });

  it("not across a paragraph break", () => {
    const other = holding(scored(), "elsewhere");
    expect(other.text).toBe("Casualties were reported after an attack elsewhere.");
    expect(other.coverage).toBe(holding(scored(0), "elsewhere").coverage);
  });
});

describe("withAskedKindCovered", () => {
  const lexicon = openWordNet();
  const covered = (question: string, texts: string[]) => {
    const { terms } = parseQuery(question);
    const weights = new Map(terms.map((term) => [term.stem, 1]));
    // Each matches the question's last word, none the asked noun.
    const candidates = texts.map((text, i) => candidateSentence(i + 1, text, terms.at(-1)!.stem, 0.5));
    return withAskedKindCovered(candidates, analyzeQuestion(question), terms, weights, 0.5, lexicon);
  };

  it("credits the asked noun, as a narrower word, to a sentence naming a kind of it", () => {
    const [panda, fence] = covered("Which mammal escaped from the zoo?", ["A young red panda escaped from the zoo.", "The zoo's fence was damaged."]);
    expect(panda!.text).toMatch(/red panda/);
    expect(panda!.matched.has(matchStemOf("mammal"))).toBe(true);
    // One of three equal terms, at half credit.
    expect(panda!.coverage).toBeCloseTo(0.5 + 0.5 / 3);
    expect(fence!.matched.has(matchStemOf("mammal"))).toBe(false);
    expect(fence!.coverage).toBe(0.5);
  });

  it("not for a kind written inside a name, nor for a question asking no kind", () => {
    const [module] = covered("What type of structure includes launch vehicles?", ["The flag flew on the Apollo Lunar Module."]);
    expect(module!.coverage).toBe(0.5);
    const [named] = covered("Who escaped from the zoo?", ["A young red panda escaped from the zoo."]);
    expect(named!.coverage).toBe(0.5);
  });
});

describe("matchKeysOf", () => {
  it("holds no stop word, so a term stemmed like one does not match it: 'one' is stemmed 'on'", () => {
    expect(matchStemOf("one")).toBe(matchStemOf("on"));
    expect(matchKeysOf("They rode on Sandpit Lane.")).not.toContain(matchStemOf("one"));
    expect(matchKeysOf("One of them rode on Sandpit Lane.")).toContain(matchStemOf("one"));
    expect(matchKeysOf("Four riders were hit.")).toContain(matchStemOf("riders"));
  });
});

describe("a question that states a fact first", () => {
  const question = "The harbour trust hired a pilot. Who retired after eleven years?";
  const text = "The harbour trust hired a pilot.\n\nTom Reddy retired after eleven years.";
  const passage = { article: { rowid: 1, title: "", text }, chunk: { start: 0, end: text.length, text }, score: 1 } as Passage;
  const { terms } = parseQuery(question);
  // Every word as rare as the others: only where it stands in the question tells them apart.
  const frequencies = new Map(terms.flatMap((term) => term.indexStems.map((stem) => [stem, 1] as const)));
  const best = (asking: number) => {
    const askingPart = analyzeQuestion(question).askingPart!;
    const weights = termWeights(terms, 100, frequencies, { absent: 1, names: new Set(), asking: { words: new Set(wordsOf(askingPart)), weight: asking } });
    return scoreSentences([passage], terms, weights, DEFAULT_SENTENCE_WEIGHTS)[0]!.text;
  };

  it("finds the sentence that asks", () => {
    expect(analyzeQuestion(question).askingPart).toBe("Who retired after eleven years?");
    expect(analyzeQuestion("Who retired after eleven years?").askingPart).toBeNull();
  });

  it("weighs the asking sentence's words above the fact's: the sentence that answers outranks one that retells", () => {
    expect(best(1)).toBe("The harbour trust hired a pilot.");
    expect(best(DEFAULT_SENTENCE_WEIGHTS.asking)).toBe("Tom Reddy retired after eleven years.");
  });
});

describe("selectQuoteSentences", () => {
  const sentence = (articleRowid: number, text: string, score: number, answer: string | null, source: string | null = null): CandidateSentence => ({
    passage: { article: { rowid: articleRowid, source } } as Passage,
    start: 0,
    end: text.length,
    text,
    matched: new Set(["tour"]),
    exact: new Set(["tour"]),
    coverage: score,
    score,
    nearDate: 0,
    answer,
    answerCounts: false,
  });

  it("quotes a sentence once though syndicated copies print it in several articles", () => {
    const copy = "The Eras Tour film became the highest-grossing concert film.";
    const picked = selectQuoteSentences([sentence(1, copy, 1, "eras"), sentence(2, copy, 0.95, "eras"), sentence(3, "Swift toured 152 cities.", 0.9, "152")]);
    expect(picked.map((candidate) => candidate.passage.article.rowid)).toEqual([1, 3]);
  });

  // The second sentence adds nothing to the first and is not quoted; the third adds something and is.
  const addingNothing = [
    {
      name: "quotes it once though a copy adds a dateline or drops a word, but quotes a retelling that adds a fact",
      first: "WASHINGTON – The harbour board approved the new breakwater on Thursday in a 7-2 vote.",
      second: "The harbour board approved the new breakwater Thursday in a 7-2 vote.",
      third: "The harbour board approved the new breakwater on Thursday, ending a decade of delays.",
    },
    {
      name: "does not quote a sentence a quoted one already holds, but quotes a longer one holding it",
      first: "Ferries to Elsby resume on Monday. The harbour reopened after the storm.",
      second: "The harbour reopened after the storm.",
      third: "The harbour reopened after the storm, the port authority said, with repairs to its wall costing far less than feared.",
    },
    {
      name: "quotes a copy that gives another number: the update is news",
      first: "The death toll from the landslide rose to 12 on Monday, officials said.",
      second: "Officials said the death toll from the landslide rose to 12 on Monday.",
      third: "The death toll from the landslide rose to 15 on Monday, officials said.",
    },
  ];
  for (const { name, first, second, third } of addingNothing) {
    it(name, () => {
      const picked = selectQuoteSentences([sentence(1, first, 1, null), sentence(2, second, 0.95, null), sentence(3, third, 0.9, null)]);
      expect(picked.map((candidate) => candidate.text)).toEqual([first, third]);
    });
  }

  it("does not quote a sentence again that a picked one already quotes with the sentence before it", () => {
    const lead = "The Alder cannery will shut in March.";
    const leaning = `${lead} Its 340 workers will lose their jobs.`;
    const alone = { ...sentence(1, lead, 0.9, "march"), matched: new Set(["shut"]) };
    const picked = selectQuoteSentences([sentence(1, leaning, 1, "340"), alone, sentence(2, "The cannery opened in 1964.", 0.8, "1964")]);
    expect(picked.map((candidate) => candidate.text)).toEqual([leaning, "The cannery opened in 1964."]);
  });

  it("quotes up to four sentences that each add something, within about 800 characters", () => {
    const adding = [
      ["tour", "The tour opened in Glendale."],
      ["film", "A concert film followed in October."],
      ["cities", "Swift played 152 cities over two years."],
      ["record", "It broke the record held since 2011."],
      ["tickets", "Fans bought millions of tickets online."],
    ].map(([word, text], i) => ({ ...sentence(i + 1, text!, 1 - i * 0.05, null), matched: new Set([word!]) }));
    expect(selectQuoteSentences(adding).map((candidate) => candidate.passage.article.rowid)).toEqual([1, 2, 3, 4]);
    // Each says something of its own, in words of its own.
    const sayings = ["amber", "brick", "coral", "drift"].map((word) => Array.from({ length: 32 }, (_, i) => `${word}${i}`).join(" "));
    const long = (rowid: number, score: number) => ({ ...sentence(rowid, `${sayings[rowid - 1]}.`, score, null), matched: new Set([`word${rowid}`]) });
    // Each about 250 characters: a fourth would pass 800.
    expect(selectQuoteSentences([long(1, 1), long(2, 0.95), long(3, 0.9), long(4, 0.85)]).map((candidate) => candidate.passage.article.rowid)).toEqual([1, 2, 3]);
  });

  it("quotes a sentence of the same article adding nothing new only when it scores about as high as the best", () => {
    // Sentences of one article, one after another.
    const at = (candidate: CandidateSentence, start: number) => ({ ...candidate, start, end: start + candidate.text.length });
    const closure = sentence(1, "The bridge will close for repairs.", 1, null);
    const grant = at(sentence(1, "The repairs will cost $4.5 million, most of it covered by a grant.", 1, null), 100);
    const nearly = at(sentence(1, "The repairs will be paid from a state grant.", 0.98, null), 200);
    const restated = at(sentence(1, "The repairs will take six months.", 0.9, null), 300);
    expect(selectQuoteSentences([closure, grant]).map((candidate) => candidate.text)).toEqual([closure.text, grant.text]);
    expect(selectQuoteSentences([closure, nearly]).map((candidate) => candidate.text)).toEqual([closure.text, nearly.text]);
    expect(selectQuoteSentences([closure, restated]).map((candidate) => candidate.text)).toEqual([closure.text]);
  });

  it("quotes a further sentence naming another answer when it scores seven tenths of the best one", () => {
    // "Who was elected as the new councillor for Millbrook?": the sentence on why the by-election was held names the
    // late councillor and scores best; the one naming the winner scores a little less.
    const why = sentence(1, "The by-election followed the death of councillor Frank Doyle.", 1, "frank doyle");
    const winner = (score: number) => ({ ...sentence(1, "Sofia Lindqvist took the Millbrook ward.", score, "sofia lindqvist"), start: 100, end: 139 });
    expect(selectQuoteSentences([why, winner(0.72)]).map((candidate) => candidate.answer)).toEqual(["frank doyle", "sofia lindqvist"]);
    expect(selectQuoteSentences([why, winner(0.65)]).map((candidate) => candidate.answer)).toEqual(["frank doyle"]);
  });

  it("quotes a sentence of the best one's article naming an answer it lacks, at a lower share of its score", () => {
    const restating = sentence(1, "The fighting has forced foreign nations to evacuate their embassies.", 1, null);
    const naming = (score: number) => ({ ...sentence(1, "How the US embassy was evacuated in Sudan.", score, "sudan"), start: 100, end: 142 });
    const otherArticle = sentence(2, "The embassy in Chad stays open.", 0.6, "chad");
    const rowsAndAnswers = (picked: CandidateSentence[]) => picked.map((candidate) => [candidate.passage.article.rowid, candidate.answer]);
    expect(rowsAndAnswers(selectQuoteSentences([restating, naming(0.6), otherArticle]))).toEqual([
      [1, null],
      [1, "sudan"],
    ]);
    // Below the share, or from another article, it does not follow.
    expect(rowsAndAnswers(selectQuoteSentences([restating, naming(0.5), otherArticle]))).toEqual([[1, null]]);
  });

  it("quotes the best sentence with the next one when only that names the answer", () => {
    const struck = "Iran struck the air base in Qatar on Monday.";
    const best = { ...sentence(1, struck, 1, null), matched: new Set(["iran", "strike", "base"]) };
    const withNext = (score: number) => ({ ...sentence(1, `${struck} The attack caused no casualties.`, score, "no"), matched: new Set(["iran"]) });
    const texts = (picked: CandidateSentence[]) => picked.map((candidate) => candidate.text);
    expect(texts(selectQuoteSentences([best, withNext(0.8)]))).toEqual([withNext(0.8).text]);
    // Below the share a sentence naming a missing answer needs, or when the best names one already, it stays alone.
    expect(texts(selectQuoteSentences([best, withNext(0.5)]))).toEqual([struck]);
    expect(texts(selectQuoteSentences([{ ...best, answer: "qatar" }, withNext(0.8)]))).toEqual([struck]);
  });

  it("quotes the best sentence with the next one when only that holds a question word itself", () => {
    // "Did Tehran give any warning before hitting the base in Qatar?": "inform" is "warn" only in other words.
    const informed = "Araghchi did not inform Putin of the strike on the air base in Qatar.";
    const best = { ...sentence(1, informed, 1, null), matched: new Set(["warn", "base", "qatar"]), exact: new Set(["base", "qatar"]) };
    const withNext = (score: number, exact: string[]) => ({
      ...sentence(1, `${informed} Trump claimed Iran had provided advance warning.`, score, null),
      matched: new Set(["warn"]),
      exact: new Set(exact),
    });
    const texts = (picked: CandidateSentence[]) => picked.map((candidate) => candidate.text);
    expect(texts(selectQuoteSentences([best, withNext(0.6, ["warn"])]))).toEqual([withNext(0.6, ["warn"]).text]);
    // Holding itself only what the best holds, below the share, or after a best sentence naming an answer, it does not.
    expect(texts(selectQuoteSentences([best, withNext(0.6, ["base"])]))).toEqual([informed]);
    expect(texts(selectQuoteSentences([best, withNext(0.5, ["warn"])]))).toEqual([informed]);
    expect(texts(selectQuoteSentences([{ ...best, answer: "qatar" }, withNext(0.6, ["warn"])]))).toEqual([informed]);
  });

  describe("a second outlet naming the same answer", () => {
    const candidates = (supportScore: number) => [
      sentence(1, "Cleveland Browns quarterback Deshaun Watson was suspended for six games.", 1, "cleveland browns", "Outlet A"),
      sentence(2, "The Cleveland Browns traded for Watson in March.", 0.6, "cleveland browns", "Outlet A"),
      sentence(4, "Watson previously played for the Houston Texans.", 0.58, "houston texans", "Outlet C"),
      sentence(3, "The Browns will start Jacoby Brissett while Watson is out.", supportScore, "browns", "Outlet B"),
    ];

    it("is quoted beside the best sentence, though it scores below a further sentence's share", () => {
      expect(selectQuoteSentences(candidates(0.55)).map((candidate) => candidate.passage.article.rowid)).toEqual([1, 3]);
    });

    it("is not quoted when it scores below the support share", () => {
      expect(selectQuoteSentences(candidates(0.4)).map((candidate) => candidate.passage.article.rowid)).toEqual([1]);
    });

    it("is not the best sentence's own outlet spelled another way", () => {
      const [best, ...rest] = candidates(0.55);
      const sameOutlet = rest.map((candidate) => (candidate.passage.article.source === "Outlet B" ? sentence(3, candidate.text, 0.55, "browns", "outlet-a.com") : candidate));
      expect(selectQuoteSentences([best!, ...sameOutlet]).map((candidate) => candidate.passage.article.rowid)).toEqual([1]);
    });

    it("is not looked for when the best sentence holds no candidate answer", () => {
      const [best, ...rest] = candidates(0.55);
      expect(selectQuoteSentences([{ ...best!, answer: null }, ...rest]).map((candidate) => candidate.passage.article.rowid)).toEqual([1]);
    });
  });
});

describe("holdsQuestionPhrase", () => {
  const holds = (question: string, text: string) => holdsQuestionPhrase(question, wordsOf(text), wordsOf(text).map(matchStemOf));

  it("finds two neighbouring question words in the question's order, stop words aside", () => {
    expect(holds("Who runs the Bank of England?", "Andrew Bailey, governor of the Bank of England, said…")).toBe(true);
    expect(holds("Who settled the Canary Islands?", "Spain took the islands in the 15th century; the Canary Islands…")).toBe(true);
    // Inflected and one word apart: "solar farms" in "solar power farm".
    expect(holds("Who builds solar farms?", "It is the county's first solar power farm.")).toBe(true);
    // A noun before another, in a preposition after it: "the Qatar base" is "the base in Qatar".
    expect(holds("Who attacked the Qatar base?", "Iran struck the Al Udeid Air Base in Qatar on Monday.")).toBe(true);
    expect(holds("Who owns the Oakhallow farm?", "The farm at Oakhallow was sold.")).toBe(true);
  });

  it("does not find words that stand apart, in the other order, or a question with one word", () => {
    expect(holds("Who builds solar farms?", "The farm sells power from solar panels on its old barns.")).toBe(false);
    expect(holds("Who runs the Bank of England?", "England's oldest bank, run by…")).toBe(false);
    // The other order with no preposition between is no phrase: "base, Qatar".
    expect(holds("Who attacked the Qatar base?", "Iran struck the base, Qatar said.")).toBe(false);
    expect(holds("Who won?", "Ashford won the cup.")).toBe(false);
  });
});

/** A sentence of article `rowid`, as rankByAnswer takes it, holding one question word. */
function candidateSentence(rowid: number, text: string, matched: string, coverage = 0.6): CandidateSentence {
  return { passage: { article: { rowid, source: "Outlet A", text, title: "" } } as Passage, start: 0, end: text.length, text, matched: new Set([matched]), exact: new Set([matched]), coverage, score: coverage, nearDate: 0, answer: null, answerCounts: false };
}

describe("rankByAnswer for 'Who…?'", () => {
  const lexicon = openWordNet();
  const candidate = (rowid: number, text: string) => candidateSentence(rowid, text, "dunmor");

  it("takes no name made only of common words ('Quay Street', a sentence's capitalised first word) for a person", () => {
    const question = "Who was hurt at the Dunmore site?";
    const street = candidate(1, "Three workers were hurt at a building site on Quay Street in Dunmore.");
    const gusts = candidate(2, "Strong gusts hit the Dunmore site on Sunday.");
    const manager = candidate(3, "Site manager Dana Whitfield was hurt at the Dunmore site.");
    rankByAnswer([street, gusts, manager], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(street.answer).toBeNull();
    expect(gusts.answer).toBeNull();
    expect(manager.answer).toMatch(/dana whitfield/);
  });

  it("keeps a one-word name the article also capitalises inside a sentence ('Trump' as in 'said President Trump')", () => {
    const question = "Who was hurt at the Dunmore site?";
    const trump = candidate(1, "Trump was hurt at the Dunmore site, aides to President Trump said.");
    rankByAnswer([trump], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(trump.answer).toMatch(/trump/);
  });

  it("takes no name the articles write after 'in' ('…stood in Fernhill') for a person", () => {
    const question = "Who founded the Dunmore bakery?";
    const article = "The Dunmore bakery, a Fernhill business, has closed. The Dunmore bakery was founded by Ada Brandt. Its ovens stood in Fernhill for forty years.";
    const sentence = (text: string, coverage: number) => {
      const start = article.indexOf(text);
      return { ...candidateSentence(1, text, "dunmor", coverage), passage: { article: { rowid: 1, source: "Outlet A", text: article, title: "" } } as Passage, start, end: start + text.length };
    };
    const restating = sentence("The Dunmore bakery, a Fernhill business, has closed.", 0.7);
    const naming = sentence("The Dunmore bakery was founded by Ada Brandt.", 0.6);
    const ranked = rankByAnswer([restating, naming], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(restating.answer).toBeNull();
    expect(ranked[0]).toBe(naming);
  });
});

describe("rankByAnswer for 'Which film…?'", () => {
  const lexicon = openWordNet();

  it("takes the film's quoted title, not another name, where a sentence quotes one", () => {
    const question = "Which film scored the most Oscar nominations?";
    const restating = candidateSentence(1, "The film scored 11 nominations when the 95th Academy Awards were announced.", "nomin", 0.7);
    const titled = candidateSentence(2, '"Everything Everywhere All at Once" scored 11 nominations at the 95th Academy Awards.', "nomin", 0.6);
    const ranked = rankByAnswer([restating, titled], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(restating.answer).toBeNull();
    expect(titled.answer).toBe("everything everywhere all at once");
    expect(ranked[0]).toBe(titled);
  });

  it("keeps other names where no sentence quotes a title", () => {
    const question = "Which film scored the most Oscar nominations?";
    const award = candidateSentence(1, "The film scored 11 nominations when the 95th Academy Awards were announced.", "nomin", 0.7);
    rankByAnswer([award], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(award.answer).toMatch(/academy awards/);
  });

  it("takes no quoted title for a question that asks for no work", () => {
    const question = "Which charity ran the ferry appeal?";
    const appeal = candidateSentence(1, 'The "Save Our Ferry" appeal was run by the Harbour Trust.', "appeal", 0.7);
    rankByAnswer([appeal], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(appeal.answer).toMatch(/harbour trust/);
  });
});

describe("rankByAnswer for 'Where…?' and 'Which city…?'", () => {
  const lexicon = openWordNet();
  const candidate = (rowid: number, text: string, matched = "summit") => candidateSentence(rowid, text, matched);

  it("takes no person or body for a place: 'Queen Elizabeth', 'Congress', 'Senator Warnock' are no city", () => {
    const question = "Which city hosted the summit?";
    const queen = candidate(1, "Queen Elizabeth opened the summit on Monday.");
    const congress = candidate(2, "Congress funded the summit.");
    const senator = candidate(3, "Senator Warnock spoke at the summit.");
    const city = candidate(4, "The summit was held in New York.");
    rankByAnswer([queen, congress, senator, city], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect([queen.answer, congress.answer, senator.answer]).toEqual([null, null, null]);
    expect(city.answer).toBe("new york");
  });

  it("takes a state for 'Which state…?' where one is named: a governor's or a city's name is then no answer", () => {
    const question = "Which state passed the gun bill?";
    const governor = candidate(1, "Gov. Jay Inslee signed the gun bill in Olympia on Tuesday.", "bill");
    const state = candidate(2, "Washington's gun bill does not ban owning the rifles.", "bill");
    const ranked = rankByAnswer([governor, state], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(governor.answer).toBeNull();
    expect(state.answer).toBe("washington");
    expect(ranked[0]).toBe(state);
    // Where no sentence names a state, a name that may be one still answers.
    const alone = candidate(1, "Gov. Jay Inslee signed the gun bill in Olympia on Tuesday.", "bill");
    rankByAnswer([alone], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(alone.answer).not.toBeNull();
  });

  it("takes a name the article calls a town for 'Which town…?': 'the neighbouring town of Draycombe', not a school", () => {
    const question = "Which town's schools took part in the trial?";
    const school = candidate(1, "Pennyholt Primary School took part in the trial.", "trial");
    const town = candidate(2, "Pupils at schools in the neighbouring town of Draycombe took part in the trial.", "trial");
    const market = candidate(3, "The trial also ran in Fenwick, a small market town.", "trial");
    rankByAnswer([school, town, market], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect([school.answer, town.answer, market.answer]).toEqual([null, "draycombe", "fenwick"]);
  });

  it("reads 'which head of state' as asking for no place", () => {
    expect(analyzeQuestion("Which head of state announced his resignation?").expected).toBe("name");
    expect(analyzeQuestion("Which city of Texas flooded?").expected).toBe("place");
  });
});

describe("rankByAnswer for 'Which country…?'", () => {
  const lexicon = openWordNet();

  it("takes 'U.S.' for the 'US' the question names, and for a new country when it does not", () => {
    const asked = "Which country did the US team beat in the final?";
    const restating = candidateSentence(1, "The U.S. team won the final on Sunday.", "final");
    const naming = candidateSentence(2, "The U.S. team beat Iran in the final.", "final");
    rankByAnswer([restating, naming], analyzeQuestion(asked), asked, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(restating.answer).toBeNull();
    expect(naming.answer).toBe("iran");
    const unnamed = "Which country won the final?";
    const winner = candidateSentence(1, "The U.S. won the final on Sunday.", "final");
    rankByAnswer([winner], analyzeQuestion(unnamed), unnamed, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(winner.answer).toBe("us");
  });
});

describe("rankByAnswer: the noun asked for, in other words", () => {
  const lexicon = openWordNet();

  it("takes no synonym of the noun asked for as its answer: 'the film' answers no 'which movie?', 'style' no 'what mode?'", () => {
    const question = "Which movie did Moana 2 surpass at the box office?";
    const restating = candidateSentence(1, "The film surpassed every record at the box office.", "box");
    const naming = candidateSentence(2, "Moana 2 surpassed \"Frozen II\" at the box office.", "box");
    rankByAnswer([restating, naming], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(restating.answer).toBeNull();
    expect(naming.answer).not.toBeNull();
    const mode = "Paris voted to ban which mode of transport?";
    const style = candidateSentence(1, "Paris voted in style to ban the transport.", "transport");
    rankByAnswer([style], analyzeQuestion(mode), mode, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(style.answer).toBeNull();
  });
});

describe("rankByAnswer for 'When…?'", () => {
  const lexicon = openWordNet();

  it("takes no part of the day for a date: 'on Wednesday night' is when the story broke, 'spring 2028' answers", () => {
    const question = "When could people move into the homes at the farm?";
    const vote = candidateSentence(1, "Councillors voted on Wednesday night to approve the homes at the farm.", "farm", 0.7);
    const second = candidateSentence(2, "Firefighters spent a second night at the farm.", "farm", 0.7);
    const ready = candidateSentence(3, "The first homes at the farm could be ready by spring 2028.", "farm", 0.6);
    const ranked = rankByAnswer([vote, second, ready], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect([vote.answer, second.answer]).toEqual([null, null]);
    expect(ready.answer).toMatch(/spring 2028/);
    expect(ranked[0]).toBe(ready);
  });
});

describe("rankByAnswer: a kind of what is asked", () => {
  const lexicon = openWordNet();

  it("takes no weekday or month the sentence writes as a date for a kind of thing ('Sunday' files under measures)", () => {
    const question = "Which measure did lawmakers leave out of the gun deal?";
    const dated = candidateSentence(1, "Lawmakers announced the gun deal on Sunday.", "gun");
    const naming = candidateSentence(2, "Lawmakers left a ban out of the gun deal.", "gun");
    rankByAnswer([dated, naming], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(dated.answer).toBeNull();
    expect(naming.answer).toBe("ban");
  });
});

describe("rankByAnswer: an answer near the question's words", () => {
  const lexicon = openWordNet();

  it("gives the answer bonus to a place beside the question's words, not to one far from them in a long sentence", () => {
    const question = "Where is the hot sauce made?";
    const far = candidateSentence(
      1,
      "The hot sauce, which a shopper who filed a class action lawsuit this spring says misled him for years about where it really comes from, still sells well in Louisiana.",
      matchStemOf("sauce"),
      0.6,
    );
    const near = candidateSentence(2, "The company says the hot sauce is made in North Carolina.", matchStemOf("sauce"), 0.55);
    const ranked = rankByAnswer([far, near], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    // Both name a place, and each place keeps its support; only the near one earns the bonus for naming it.
    expect([far.answer, near.answer]).toEqual(["louisiana", "north carolina"]);
    expect(ranked[0]).toBe(near);
    expect(far.score).toBeCloseTo(0.6 + DEFAULT_SENTENCE_WEIGHTS.agreement);
  });
});

describe("rankByAnswer and headlines", () => {
  const lexicon = openWordNet();

  it("counts an answer its article's headline names as support as strong as the article's best sentence", () => {
    const question = "Which tennis star pulled out of Wimbledon due to injury?";
    const titled = (rowid: number, title: string, text: string, coverage: number) => {
      const sentence = candidateSentence(rowid, text, "wimbledon", coverage);
      sentence.passage = { article: { rowid, source: `Outlet ${rowid}`, text, title } } as Passage;
      return sentence;
    };
    const scoreOfNadal = (headline: string) => {
      const restating = titled(1, "Injury forces star out of Wimbledon", "Simona Halep advanced as an injury forced a star out of Wimbledon.", 0.8);
      const story = titled(2, headline, "The Spaniard pulled out of Wimbledon with an injury.", 0.8);
      const naming = titled(2, headline, "Nadal had won his quarter-final.", 0.3);
      rankByAnswer([restating, story, naming], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
      expect(naming.answer).toBe("nadal");
      return naming.score;
    };
    // Named in the headline, Nadal has the support of the article's best sentence (0.8), as much as Halep has;
    // named only in a weak sentence, a share of it.
    const withHeadline = scoreOfNadal("Rafael Nadal withdraws from Wimbledon");
    const without = scoreOfNadal("Wimbledon loses a star");
    expect(withHeadline - without).toBeCloseTo(DEFAULT_SENTENCE_WEIGHTS.agreement * (1 - 0.3 / 0.8) * (0.3 / 0.8));
  });
});

describe("rankByAnswer and the day asked", () => {
  const lexicon = openWordNet();

  it("counts an answer's support from an article of the days asked for more than last year's", () => {
    const question = "Which club signed the striker Dana Okafor?";
    const signing = (rowid: number, text: string, coverage: number, nearDate: number) => {
      const sentence = candidateSentence(rowid, text, "okafor", coverage);
      sentence.nearDate = nearDate;
      sentence.score += nearDate;
      return sentence;
    };
    // Last year's story covers the question better; this week's gains what favourNearDates gives it.
    const lastYear = signing(1, "Castlebridge Rovers signed the striker Dana Okafor.", 0.8, 0);
    const thisWeek = signing(2, "Port Elsby Town signed the striker Dana Okafor on Monday.", 0.6, 0.3);
    const both = signing(3, "Castlebridge Rovers and Port Elsby Town both wanted the striker Dana Okafor.", 0.4, 0);
    rankByAnswer([lastYear, thisWeek, both], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    // The sentence naming both is labelled with the better supported: this week's club.
    expect([lastYear.answer, thisWeek.answer, both.answer]).toEqual(["castlebridge rovers", "port elsby town", "port elsby town"]);
  });
});

describe("rankByAnswer for 'What did X say?'", () => {
  const lexicon = openWordNet();
  const candidate = (rowid: number, text: string) => candidateSentence(rowid, text, "putin");

  it("prefers where X speaks, not where another speaks of X or X is named inside a quotation", () => {
    const question = "What did Putin say about the strikes?";
    const speaking = [
      candidate(1, 'Putin condemned the strikes as "unprovoked".'),
      candidate(2, "The strikes were unjustified, Putin said."),
      candidate(3, "The strikes were unjustified, said President Vladimir Putin."),
    ];
    const spokenOf = [
      candidate(4, "Peskov said Araghchi did not tell Putin of the strikes."),
      candidate(5, '"Putin knew of the strikes," Zelensky said.'),
    ];
    rankByAnswer([...spokenOf, ...speaking], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    for (const sentence of speaking) expect(sentence.score, sentence.text).toBeCloseTo(0.6 + DEFAULT_SENTENCE_WEIGHTS.speaker);
    for (const sentence of spokenOf) expect(sentence.score, sentence.text).toBeCloseTo(0.6);
  });
});

describe("rankByAnswer for 'How many X…?'", () => {
  const lexicon = openWordNet();
  const candidate = (rowid: number, text: string, coverage: number) => candidateSentence(rowid, text, "england", coverage);

  // Each: what it shows, the question, and two sentences with the candidate answer each should hold.
  const counted: [string, string, [string, string | null], [string, string | null]][] = [
    [
      "no number given as someone's age: 'Alan Probert, 71, said his hip operation…' counts no operations",
      "How many operations in England were cancelled?",
      ["Retired driver Alan Probert, 71, said his hip operation in England had been cancelled.", null],
      ["Planned operations in England were postponed for about 340 patients.", "340"],
    ],
    [
      "an age when the question speaks of age: 'What is the minimum age…?'",
      "What is the minimum age for users in England?",
      ["Users in England can sign up at the age of 13.", "13"],
      ["The service in England has 2 million users.", "2 million"],
    ],
    [
      "a number counting the compound's head: '420 fires' counts wildfires, '13 counties' does not",
      "How many wildfires have there been in England this year?",
      ["As of Tuesday there had been 420 fires in England since the start of the year.", "420"],
      ["Crews in England fought blazes in 13 counties this year.", null],
    ],
    [
      "any number when the question names nothing counted: 'How many were injured…?'",
      "How many were injured in England on Sunday?",
      ["Three workers were killed in England on Sunday.", "three"],
      ["Two people injured in England on Sunday remain in hospital.", "two"],
    ],
    [
      "a number counting the head noun, not the adjective before it: '40 new charging points' are no new jobs",
      "How many new jobs will the plant in England bring?",
      ["The council in England will install 40 new charging points.", null],
      ["The plant in England is creating 340 jobs.", "340"],
    ],
    [
      "no people counted by an adjective WordNet also files under persons: '14 possible locations'",
      "How many people does the firm employ in England?",
      ["The firm in England looked at 14 possible locations before choosing the site.", null],
      ["The firm employs 300 young workers in England.", "300"],
    ],
    [
      "people counted as personnel: '74 new staff', though 'thousands of people' is a number counting people too",
      "How many people were hired to staff the new centre in England?",
      ["The centre in England means thousands of people need not travel.", "thousands"],
      ["The trust in England has recruited 74 new staff for the centre.", "74"],
    ],
    [
      "a count of the question's own event for 'How many times…?': '37 illegal discharges', not '9,000 homes'",
      "How many times did the works in England illegally release sewage?",
      ["The works in England made 37 illegal discharges.", "37"],
      ["The works in England serve 9,000 homes.", null],
    ],
    [
      "that event only as what the number counts: not '4 children from his marriage' for 'How many times… marriage'",
      "How many times has the singer in England been divorced, now his marriage is over?",
      ["The singer in England married in 2016 and filed for divorce 3 times.", "3"],
      ["The singer in England has 4 children from his marriage.", null],
    ],
    [
      "people counted as what they did, in a noun the question's verb derives: '3,150 signatures'",
      "How many people signed the petition in England?",
      ["A petition in England gathered 3,150 signatures.", "3 150"],
      ["The petition in England was started by 2 teachers in March.", "2"],
    ],
    [
      "what a number counts a few words on: '900 registered and specialist nurses'",
      "How many nurses in England went on strike?",
      ["About 900 registered and specialist nurses in England went on strike.", "900"],
      ["The strike in England closed wards at 12 hospitals.", null],
    ],
  ];
  it.each(counted)("takes %s", (_, question, [firstText, firstAnswer], [secondText, secondAnswer]) => {
    const first = candidate(1, firstText, 0.6);
    const second = candidate(2, secondText, 0.6);
    rankByAnswer([first, second], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect([first.answer, second.answer]).toEqual([firstAnswer, secondAnswer]);
  });

  it("takes no amount of money for 'How many X…?' once a number counts X; a length of time still answers", () => {
    const question = "How many jobs will the plant in England bring?";
    const grant = candidate(1, "The plant in England gets a grant of £9 million.", 0.6);
    const jobs = candidate(2, "The plant in England is creating 340 jobs.", 0.6);
    rankByAnswer([grant, jobs], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(grant.answer).toBeNull();
    expect(jobs.answer).toBe("340");
    // "8 long years" counts years, and "eight years" (a duration, not a number) answers as well.
    const years = "How many years did the plant in England run?";
    const closed = candidate(1, "The plant in England closed after 8 long years.", 0.6);
    const ran = candidate(2, "The plant in England ran for eight years.", 0.6);
    rankByAnswer([closed, ran], analyzeQuestion(years), years, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(closed.answer).toBe("8");
    expect(ran.answer).toBe("eight years");
  });

  it("takes no amount of money for 'How many X…?' though no number counts X; a share, and money for 'How many dollars…?'", () => {
    const question = "How many operations in England were cancelled?";
    const profit = candidate(1, "The water firm in England made an operating profit of £212 million.", 0.6);
    const share = candidate(2, "About 10 percent of operations in England were cancelled.", 0.6);
    rankByAnswer([profit, share], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect([profit.answer, share.answer]).toEqual([null, "10 percent"]);
    const dollars = "How many dollars did the firm in England pay?";
    const paid = candidate(1, "The firm in England paid $5 million.", 0.6);
    rankByAnswer([paid], analyzeQuestion(dollars), dollars, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(paid.answer).toMatch(/5 million/);
  });

  it("counts any kind of person for 'How many people…?': 'three workers', though another sentence counts people", () => {
    const question = "How many people were killed in England on Sunday?";
    const workers = candidate(1, "Three workers were killed in England on Sunday.", 0.6);
    const people = candidate(2, "The site in England employs 350 people.", 0.6);
    const sites = candidate(3, "Two sites in England were closed on Sunday.", 0.6);
    rankByAnswer([workers, people, sites], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(workers.answer).toBe("three");
    expect(people.answer).toBe("350");
    expect(sites.answer).toBeNull();
  });

  it("takes only an age for 'How old…?': a count of workers is no age", () => {
    const question = "How old were the workers killed in England?";
    const killed = candidate(1, "Three workers were killed in England on Sunday.", 0.6);
    const aged = [
      candidate(2, "One of the workers killed in England was a 19-year-old apprentice.", 0.6),
      candidate(3, "Workers killed in England: Tom Hale, 52, and his son.", 0.6),
      candidate(4, "The oldest of the workers killed in England, aged 61, had worked there for decades.", 0.6),
      candidate(5, "The workers killed in England were 24 years old on average.", 0.6),
    ];
    rankByAnswer([killed, ...aged], analyzeQuestion(question), question, DEFAULT_SENTENCE_WEIGHTS, lexicon);
    expect(killed.answer).toBeNull();
    expect(aged.map((sentence) => sentence.answer)).toEqual(["19", "52", "61", "24 years"]);
  });
});
