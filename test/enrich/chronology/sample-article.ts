/**
 * The sample article's body paragraphs and its copyright block, verbatim from
 * /work/shared/seed/000_93e1e3fd9c3fc8a4.txt (kept here so the tests do not read outside the repo).
 */
export const ARTICLE_TITLE = 'Friendship of Azerbaijan and Pakistan.';

export const ARTICLE_PARAGRAPHS: readonly string[] = [
  "PRESIDENT of Azerbaijan, Ilham Aliyev: We are very grateful to the Pakistani government and Pakistani people for a very consistent approach to the issues related to our territorial integrity.'",
  "Urging to end the provocative actions against Azerbaijan for years, were refused by Armenia, and disrupted the peace process by dragging Azerbaijan into a war.",
  "Within 44 days, the victorious Azerbaijani army liberated its land from Armenian occupation after 30 years.",
  "The Islamic Republic of Pakistan, after Turkey were the ones who stood by Azerbaijan and gave both diplomatic and moral support.",
  "The Pakistani diasporas demonstrated solidarity and called for international communities to push Armenia to end the occupation and to respect the territorial integrity of Azerbaijan.",
  "As a sign of our brotherhood, Azerbaijanis proudly decorated the country with the flags of Turkey and Pakistan.",
  "On 03 March 2021, President Ilham Aliyev said that Azerbaijan wants to show its support to the Kashmir issue and support Pakistan in other issues as well, during a video conference led by chairman of the Joint Chiefs of Staff Committee of the Islamic Republic of Pakistan, General Nadim Razan.",
  "'This support is provided by the UN, the Organization of Islamic Cooperation and other international organizations,' the head of state added.",
  "All this is due to the deep historical roots of the bilateral relations between the two nations. Both nations cherish mutual respect and holds many of the same values.",
  "It is worth to mention that Pakistan was one of the first countries to recognize Azerbaijan's independence in the 90s. Therefore, diplomatic relations between the two countries were established in 1992.",
  "Pakistan has always defended the interests of Azerbaijan and has in all international arenas expressed an unequivocal attitude to the aggression of Armenia against Azerbaijan.",
  "Ever since Azerbaijan gained its independence, multifaceted steps have been taken to develop stronger Azerbaijani-Pakistani relations and expand our relations in various fields.",
  "In general, strategic partnership between the two nations is developing successfully, and our brotherhood relations have been strengthened.",
  "The world witnessed the strength of the friendship once again during the Second Karabakh War in 2020. According to the official state agency of Azerbaijan, the Pakistani Foreign Ministry issued a statement on the first day of the Second Karabakh War on 27 September 2020.",
  "In addition, on 30 September, the official Twitter Page of the Pakistani Senate shared a statement of support to Azerbaijan.",
  "On 18 October 2020, Prime Minister of the Islamic Republic of Pakistan Imran Khan shared his most sincere congratulations to the President of Azerbaijan and the brotherly people of Azerbaijan on the occasion of Independence Day.",
  "On 11 December 2020, the Pakistani Ambassador to Azerbaijan Bilal Hayee shared his support for Azerbaijan on his Twitter page.",
  "On 30 December 2020, The President of Pakistan and First Lady attended Distribution Ceremony of wheelchairs to the Persons with Disabilities and Exhibition of their paintings and handicrafts organized by the support of Heydar Aliyev Foundation in Islamabad.",
  "During the event, the President of Pakistan Dr Arif Alvi expressed their satisfaction with the high-level fraternal relations between Azerbaijan and Pakistan, the President reminded his visit to Azerbaijan for the Non-Aligned Movement Summit in 2019 and shared his impression by the special attention, care and hospitality shown to him in Azerbaijan.",
  "Speaking about the 44 days Patriotic War of Azerbaijan, the President congratulated Government and people of Azerbaijan over the liberation of its lands from occupation and victory on the aggressor country Armenia and asked to convey his special felicitation to President of Azerbaijan Ilham Aliyev.",
  "The result of our solidarity is that the glorious victory of Azerbaijan was celebrated in Pakistan with the same joy.",
  "President Ilham Aliyev said during his speech on April 13, 2021: 'Until the last days, Pakistan was always on our side.",
  "We are very grateful to the Pakistani government and the Pakistani people for a very consistent approach to the issues related to our territorial integrity.",
  "Maybe many of our participants do not know but Pakistan is one of the very few countries which did not establish diplomatic relations with Armenia because of their aggression and occupation.",
  "There are only very few countries like Pakistan. So, we are always grateful for that and this is a real sign of our brotherhood.",
  "And probably you know that during the war there have been many flags of Turkey and Pakistan in our cities and we, of course, were telling who is supporting us. And that was coming from the hearts of the people,'.",
  "Azerbaijan is a multiethnic country, where close to 70 ethnic and religious minorities live in the country, all enjoying constitutional rights and privileges.",
  "Inter-ethnic and inter-religious harmony and dialogue have been a priority state policy in the country, and the majority of Azerbaijanis regard the ethnic diversity of the country as a national treasure.",
  "Armenians are offered to be part of this cultural diversity and live side by side with Azerbaijanis and other ethnic groups.",
];

export const ARTICLE_RIGHTS: readonly string[] = [
  "COPYRIGHT 2021 Knowledge Bylanes",
  "No portion of this article can be reproduced without the express written permission from the copyright holder.",
  "Copyright 2021 Gale, Cengage Learning. All rights reserved.",
  "",
  "Article Details",
  "Printer friendly Cite/link Email Feedback",
  "Author:Fuad Huseynzadeh",
  "Publication:Pakistan Observer (Islamabad, Pakistan)",
  "Geographic Code:9PAKI",
  "Date:Jul 18, 2021",
  "Previous Article:West's false alarm against China.",
  "Next Article:Challenges and opportunities.",
  "",
  "Terms of use | Privacy policy | Copyright © 2022 Farlex, Inc. | Feedback | For webmasters |",
];
