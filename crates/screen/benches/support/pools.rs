//! Name pools for the generated screening benchmark: common given and family names of each naming
//! culture, written from general knowledge in their own script, most frequent first (the generator
//! draws with a bias towards the head of each list, as real name frequencies are skewed).
//!
//! Entry format, entries separated by `;` or new lines:
//! `native[/form/form][=Latin|Latin]`
//! - `native`: the name as its own script writes it; `_` stands for a space inside one name part
//!   ("da_Silva", "عبد_الله").
//! - `/form`: further native forms where the rule is irregular: the patronymics (masculine, feminine)
//!   of a father's name, or the feminine form of a family name.
//! - `=Latin|…`: Latin spellings, the passport's first, then others seen in documents; absent for
//!   Latin-script names and for scripts that `translit` romanises.
//!
//! The pools hold common names only; no entry, and no combination the generator is steered to, is a
//! real listed person.

// ---------------------------------------------------------------------------------------------
// Russian

pub const RU_MALE: &str = "Александр; Сергей; Дмитрий/Дмитриевич/Дмитриевна; Андрей; Алексей; Максим; Евгений/Евгеньевич/Евгеньевна;
Иван; Михаил/Михайлович/Михайловна; Николай; Владимир; Артём; Павел/Павлович/Павловна; Роман; Олег; Денис; Игорь; Виктор; Юрий/Юрьевич/Юрьевна; Антон;
Илья/Ильич/Ильинична; Никита/Никитич/Никитична; Кирилл; Константин; Вадим; Василий/Васильевич/Васильевна; Пётр/Петрович/Петровна;
Георгий/Георгиевич/Георгиевна; Григорий/Григорьевич/Григорьевна; Борис; Виталий/Витальевич/Витальевна; Валерий/Валерьевич/Валерьевна;
Анатолий/Анатольевич/Анатольевна; Геннадий/Геннадьевич/Геннадьевна; Станислав; Руслан; Тимур; Фёдор/Фёдорович/Фёдоровна; Леонид;
Вячеслав; Степан; Семён/Семёнович/Семёновна; Егор; Матвей; Ярослав; Эдуард; Аркадий/Аркадьевич/Аркадьевна; Лев/Львович/Львовна;
Яков/Яковлевич/Яковлевна; Глеб; Даниил/Даниилович/Данииловна; Тимофей; Захар; Валентин; Ростислав; Богдан; Арсений/Арсеньевич/Арсеньевна; Всеволод;
Эльдар; Марат; Ринат; Айдар; Филипп; Савелий/Савельевич/Савельевна; Мирон; Эмиль";

pub const RU_FEMALE: &str =
    "Анна; Мария; Елена; Ольга; Наталья; Татьяна; Ирина; Светлана; Екатерина; Юлия; Анастасия; Людмила;
Галина; Марина; Дарья; Ксения; Валентина; Надежда; Вера; Любовь; Алёна; Виктория; Евгения; Полина; Софья; Александра;
Елизавета; Оксана; Лариса; Нина; Зоя; Алина; Кристина; Яна; Олеся; Жанна; Инна; Маргарита; Тамара; Раиса; Василиса;
Арина; Ульяна; Эльвира; Диана; Вероника; Милана; Лилия; Регина; Антонина";

pub const RU_FAMILY: &str =
    "Иванов; Смирнов; Кузнецов; Попов; Васильев; Петров; Соколов; Михайлов; Новиков; Фёдоров; Морозов;
Волков; Алексеев; Лебедев; Семёнов; Егоров; Павлов; Козлов; Степанов; Николаев; Орлов; Андреев; Макаров; Никитин;
Захаров; Зайцев; Соловьёв; Борисов; Яковлев; Григорьев; Романов; Воробьёв; Сергеев; Кузьмин; Фролов; Александров;
Дмитриев; Королёв; Гусев; Киселёв; Ильин; Максимов; Поляков; Сорокин; Виноградов; Ковалёв; Белов; Антонов; Тарасов;
Жуков; Баранов; Филиппов; Комаров; Давыдов; Беляев; Герасимов; Богданов; Осипов; Сидоров; Матвеев; Титов; Марков;
Миронов; Крылов; Куликов; Карпов; Власов; Мельников; Денисов; Гаврилов; Тихонов; Казаков; Афанасьев; Данилов; Савельев;
Тимофеев; Фомин; Чернов; Абрамов; Мартынов; Ефимов; Федотов; Щербаков; Назаров; Калинин; Исаев; Чернышёв; Быков; Маслов;
Родионов; Коновалов; Лазарев; Воронин; Климов; Филатов; Пономарёв; Голубев; Кудрявцев; Прохоров; Наумов; Потапов;
Журавлёв; Овчинников; Трофимов; Леонов; Соболев; Ермаков; Колесников; Гончаров; Емельянов; Никифоров; Грачёв; Котов;
Гришин; Ефремов; Архипов; Громов; Кириллов; Малышев; Панов; Моисеев; Румянцев; Акимов; Кондратьев; Бирюков; Горбунов;
Анисимов; Тихомиров; Галкин; Лукьянов; Михеев; Скворцов; Юдин; Белоусов; Нестеров; Симонов; Прокофьев; Харитонов;
Князев; Цветков; Левин; Митрофанов; Аксёнов; Мальцев; Логинов; Горшков; Савин; Краснов; Майоров; Демидов; Елисеев;
Рыбаков; Сафонов; Плотников; Хохлов; Жданов; Шестаков; Ширяев; Успенский; Покровский; Вишневский; Троицкий;
Соколовский; Островский; Трубецкой; Шубин; Зуев; Блинов; Лапин; Гордеев; Субботин; Шарапов; Фадеев; Третьяков";

// ---------------------------------------------------------------------------------------------
// Ukrainian

pub const UA_MALE: &str = "Олександр; Андрій; Сергій; Володимир; Іван; Микола/Миколайович/Миколаївна; Дмитро; Василь; Петро; Юрій; Віктор; Олег;
Богдан; Тарас; Максим; Ярослав; Віталій; Михайло; Степан; Остап; Роман; Григорій; Павло; Анатолій; Євген; Ігор; Денис;
Валентин; Вадим; Артем; Олексій; Владислав; Руслан; Назар; Орест; Святослав; Ростислав; Юліан; Данило; Кирило; Матвій;
Стефан; Федір/Федорович/Федорівна; Всеволод; Леонід";

pub const UA_FEMALE: &str =
    "Олена; Наталія; Тетяна; Оксана; Ірина; Юлія; Світлана; Людмила; Марія; Галина; Ольга; Катерина;
Анна; Надія; Вікторія; Ганна; Христина; Софія; Лариса; Віра; Леся; Мирослава; Богдана; Дарина; Соломія; Інна; Зоряна;
Ярослава; Уляна; Аліна; Валентина; Любов; Марта; Яна; Олеся";

pub const UA_FAMILY: &str =
    "Мельник; Шевченко; Коваленко; Бондаренко; Бойко; Ткаченко; Кравченко; Ковальчук; Коваль; Олійник;
Шевчук; Поліщук; Ткачук; Савченко; Бондар; Марченко; Руденко; Мороз; Лисенко; Петренко; Клименко; Павленко; Кравчук;
Кузьменко; Пономаренко; Савчук; Василенко; Левченко; Харченко; Карпенко; Сидоренко; Гаврилюк; Романенко; Мартинюк;
Литвиненко; Костенко; Гончаренко; Вакуленко; Швець; Мазур; Левчук; Приходько; Онищенко; Яковенко; Панченко; Гуменюк;
Дячук; Кушнір; Михайленко; Степаненко; Семенко; Захарченко; Гнатюк; Гордієнко; Кучер; Білик; Кравець; Бабич;
Стасюк; Яворський; Ковальський; Маковський; Вишневський; Залізняк; Дорошенко; Головко; Пилипенко; Тищенко; Федоренко;
Остапчук; Лук'яненко; Гребенюк; Чорновол; Гайдамака; Демченко; Осадчий; Зінченко; Білоус; Сорока";

// ---------------------------------------------------------------------------------------------
// Kazakh (Kazakh letters where the name is usually written with them; some spelled the Russian way)

pub const KZ_MALE: &str =
    "Нұрлан; Ерлан; Асхат; Серік; Бауыржан; Дәурен; Ержан; Мұрат; Айдос; Ғалым; Талғат; Бекзат; Арман;
Жандос; Қайрат; Данияр; Нұржан; Ерболат; Ерік; Бақыт; Асқар; Әділ; Ақылбек; Самат; Тимур; Марат; Руслан; Нұрбол;
Дархан; Азамат; Бағдат; Жасұлан; Мейрам; Әлібек; Бекжан; Ернар; Қанат; Болат; Бауржан; Ерсін; Олжас; Санжар; Алмас;
Рустем; Сұлтан; Мақсат; Талгат; Ербол";

pub const KZ_FEMALE: &str =
    "Айгерім; Әсел; Гүлнар; Динара; Жанар; Сәуле; Аружан; Мадина; Назерке; Әйгерім; Гүлмира; Жансая;
Ақмарал; Ботагөз; Дана; Айжан; Гаухар; Ләззат; Мөлдір; Салтанат; Томирис; Іңкәр; Жұлдыз; Асем; Камила; Аида; Карина;
Перизат; Меруерт; Шынар";

pub const KZ_FAMILY: &str =
    "Ахметов; Оспанов; Жұмабаев; Серікбаев; Қасымов; Омаров; Сейітов; Искаков; Тұрсынов; Есенов;
Мұхамедов; Байжанов; Нұрмағамбетов; Қожахметов; Дүйсенов; Әлиев; Рахимов; Ибраев; Төлеубаев; Жақсыбеков; Сұлтанов;
Бейсенов; Құрманов; Әубәкіров; Мамыров; Сәрсенбаев; Жумабаев; Абдрахманов; Бекмұханбетов; Калиев; Иманғалиев;
Жаксылыков; Садыков; Қалиев; Смағұлов; Тоқтаров; Ержанов; Әбдіков; Нұрланов; Мұратов; Ысқақов; Тәжібаев; Шәріпов;
Әміров; Байғабылов; Кенжебаев; Мусин; Ахметжанов; Тұяқбаев; Баймұхамедов; Орынбаев; Сапаров; Қуанышев; Жүнісов";

// ---------------------------------------------------------------------------------------------
// Arabic (Gulf, Levant, Egypt, Iraq, Maghreb): Arabic script, then Latin spellings

pub const AR_MALE: &str = "محمد=Mohammed|Muhammad|Mohamed|Mohamad|Mohammad; أحمد=Ahmed|Ahmad; علي=Ali; حسن=Hassan|Hasan;
حسين=Hussein|Hussain|Husain|Houssein; عمر=Omar|Umar; خالد=Khaled|Khalid; يوسف=Youssef|Yousef|Yusuf|Youssouf;
إبراهيم=Ibrahim|Ebrahim; عبد_الله=Abdullah|Abdallah|Abd Allah|Abdulla; عبد_الرحمن=Abdulrahman|Abdul Rahman|Abdelrahman|Abd al-Rahman|Abderrahmane;
عبد_العزيز=Abdulaziz|Abdul Aziz|Abdelaziz|Abd al-Aziz; عبد_الكريم=Abdulkarim|Abdelkarim|Abdul Karim;
عبد_القادر=Abdelkader|Abdulqadir|Abdul Qadir|Abdelkadir; عبد_الرحيم=Abdelrahim|Abdul Rahim|Abderrahim;
مصطفى=Mustafa|Moustafa|Mostafa; محمود=Mahmoud|Mahmud|Mahmood; سعيد=Said|Saeed|Saeid; سعد=Saad|Sa'ad; فهد=Fahad|Fahd;
سلطان=Sultan|Soltan; ناصر=Nasser|Naser|Nasir; فيصل=Faisal|Faysal|Fayssal; طارق=Tariq|Tarek|Tarik; ياسر=Yasser|Yasir|Yassir;
جمال=Jamal|Gamal|Djamel; كريم=Karim|Kareem; سامي=Sami|Samy; وليد=Walid|Waleed|Oualid; هشام=Hisham|Hicham|Hesham;
رامي=Rami|Ramy; زياد=Ziad|Ziyad; بلال=Bilal|Belal; حمزة=Hamza|Hamzah; أنس=Anas; عماد=Imad|Emad; ماجد=Majed|Majid;
نبيل=Nabil|Nabeel; أسامة=Osama|Usama|Oussama; إسماعيل=Ismail|Ismael|Smail; موسى=Musa|Moussa|Mousa; عيسى=Issa|Isa|Aissa;
سليمان=Suleiman|Sulaiman|Slimane|Soliman; صالح=Saleh|Salih; صلاح=Salah|Salaheddine; منصور=Mansour|Mansur;
رشيد=Rashid|Rachid|Rasheed; حامد=Hamed|Hamid; عادل=Adel|Adil; هاني=Hani|Hany; مراد=Mourad|Murad; إدريس=Idris|Driss|Idriss;
عثمان=Othman|Osman|Uthman|Athmane; بكر=Bakr|Bakir; نور_الدين=Nour El Din|Nureddin|Noureddine|Nur al-Din;
صلاح_الدين=Salah El Din|Salaheddine|Salah al-Din; جابر=Jaber|Jabir; قاسم=Qasim|Kassem|Kacem|Qassem; مالك=Malik|Malek;
أيمن=Ayman|Aymen; هيثم=Haitham|Haytham; زكريا=Zakaria|Zakariya|Zakariyya; عبد_الحميد=Abdelhamid|Abdul Hamid|Abdulhamid;
عبد_السلام=Abdessalam|Abdul Salam|Abdelsalam; رياض=Riyad|Riad; شريف=Sherif|Cherif|Sharif; عمار=Ammar|Amar; طه=Taha;
ياسين=Yassin|Yasin|Yacine; أمين=Amin|Amine; نادر=Nader|Nadir; وائل=Wael|Wail; غسان=Ghassan; منير=Mounir|Munir";

pub const AR_FEMALE: &str =
    "فاطمة=Fatima|Fatma|Fatimah|Fatiha; عائشة=Aisha|Aicha|Ayesha|Aysha; مريم=Maryam|Mariam|Meriem;
زينب=Zainab|Zeinab|Zaynab; خديجة=Khadija|Khadidja|Khadeeja; نور=Nour|Noor|Nur; ليلى=Layla|Leila|Laila; سارة=Sara|Sarah;
هدى=Huda|Houda|Hoda; أمينة=Amina|Aminah; سلمى=Salma; رانيا=Rania|Ranya; ياسمين=Yasmin|Yasmine|Jasmin; دينا=Dina;
منى=Mona|Muna; هند=Hind; نادية=Nadia|Nadya; سميرة=Samira|Sameera; ريم=Reem|Rim; لينا=Lina; أسماء=Asma|Asmaa;
حنان=Hanan; سعاد=Souad|Suad|Soad; رقية=Ruqayya|Rokaya|Roqaya; إيمان=Iman|Eman|Imane; وفاء=Wafa|Wafaa;
نجلاء=Najla|Naglaa; جميلة=Jamila|Djamila|Gamila; سمية=Sumaya|Soumaya|Somaya; شيماء=Shaimaa|Chaima|Shaima;
آمنة=Amna|Amena; غادة=Ghada; رحاب=Rehab|Rihab; مروة=Marwa; هالة=Hala; دعاء=Doaa|Duaa; نسرين=Nisrine|Nesreen|Nasrin";

pub const AR_FAMILY: &str = "الحربي=Al-Harbi|Alharbi|Al Harbi; العتيبي=Al-Otaibi|Alotaibi|Al-Utaybi; القحطاني=Al-Qahtani|Alqahtani|Al-Kahtani;
الغامدي=Al-Ghamdi|Alghamdi; الزهراني=Al-Zahrani|Alzahrani; الشمري=Al-Shammari|Alshammari|Al-Shamari;
الدوسري=Al-Dosari|Aldossary|Al-Dawsari; المطيري=Al-Mutairi|Almutairi|Al-Mutayri; العنزي=Al-Anazi|Alenezi|Al-Enezi;
الشهري=Al-Shehri|Alshehri; المالكي=Al-Maliki|Almalki|Al-Malki; التميمي=Al-Tamimi|Altamimi|Al Tamimi;
الهاشمي=Al-Hashimi|Al-Hashemi|El Hachimi; الجبوري=Al-Jubouri|Aljuburi|Al-Jabouri; الدليمي=Al-Dulaimi|Aldulaimi;
العبيدي=Al-Obaidi|Al-Ubaydi|Alobaidi; الخطيب=Al-Khatib|El Khatib|Alkhatib; المصري=Al-Masri|El Masry|Almasri;
الحسيني=Al-Husseini|El Husseini; الحلبي=Al-Halabi|Halaby|Al Halabi; الشامي=Al-Shami|Chami|El Shami;
الأنصاري=Al-Ansari|Alansari|El Ansari; الكردي=Al-Kurdi|Kurdi|El Kurdi; النجار=Al-Najjar|Najjar|El Naggar;
الحداد=Al-Haddad|El Haddad; العلي=Al-Ali|Alali; السيد=El Sayed|Al-Sayed|Elsayed; الصباغ=Al-Sabbagh|Sabbagh;
العمري=Al-Omari|Alamri|El Omari; الزين=El Zein|Al-Zain|Ezzein; الطاهر=El Taher|Al-Tahir|Tahar; حداد=Haddad|Hadad;
خوري=Khoury|Khouri|Khuri; منصور=Mansour|Mansur; بن_علي=Ben Ali|Benali; بن_سالم=Ben Salem|Bensalem; بوزيد=Bouzid|Bouzeid;
بلقاسم=Belkacem|Belkassem|Belqasem; حمدان=Hamdan; يونس=Younes|Younis|Yunus; شريف=Sharif|Cherif|Sherif; جابر=Jaber|Jabir;
عمران=Imran|Omran; زيدان=Zidan|Zaidan|Zeidan; فرج=Farag|Faraj; عطية=Attia|Atiyah|Atiya; شحادة=Shehadeh|Chehade|Shahada;
درويش=Darwish|Derwich|Darweesh; نصر=Nasr; عوض=Awad|Awadh; سلامة=Salama|Salameh|Sallama; غانم=Ghanem|Ghanim;
بركات=Barakat; حجازي=Hegazy|Hijazi|Higazi; عبد_الله=Abdullah|Abdallah|Abdalla; إبراهيم=Ibrahim|Brahim; الصالح=Al-Saleh|El Saleh;
العلوي=Alaoui|Al-Alawi|Elalaoui; الإدريسي=El Idrissi|Al-Idrisi|Idrissi; بوعزيز=Bouaziz; مسعود=Massoud|Masud|Messaoud;
الراشد=Al-Rashed|Alrashid; الفاسي=El Fassi|Al-Fasi; الخياط=Al-Khayat|Khayat|El Khayyat; قاسم=Kassem|Qasem|Kacem";

// ---------------------------------------------------------------------------------------------
// Persian (Iran, Afghanistan)

pub const FA_MALE: &str = "محمد=Mohammad|Mohamad|Muhammad; علی=Ali; حسین=Hossein|Hosein|Hussain; رضا=Reza; مهدی=Mehdi|Mahdi;
امیر=Amir; حسن=Hassan|Hasan; محمدرضا=Mohammadreza|Mohammad Reza|Mohamadreza; علیرضا=Alireza|Ali Reza; سعید=Saeed|Said|Saied;
مجید=Majid; حمید=Hamid; مسعود=Masoud|Masood|Massoud; جواد=Javad|Jawad; مرتضی=Morteza|Murtaza|Mortaza; مصطفی=Mostafa|Moustafa;
ابوالفضل=Abolfazl|Abulfazl; امین=Amin; بهروز=Behrouz|Behruz; داریوش=Dariush|Darioush|Daryoush; فرهاد=Farhad; کامران=Kamran;
کوروش=Kourosh|Kurosh; بهنام=Behnam; پیمان=Peyman|Payman; سیامک=Siamak; شهرام=Shahram; مهرداد=Mehrdad; نادر=Nader;
هادی=Hadi; یوسف=Yousef|Yusef; احمد=Ahmad; بابک=Babak; ایرج=Iraj; کیوان=Keyvan|Kayvan; آرش=Arash; میلاد=Milad; نوید=Navid;
وحید=Vahid|Wahid; رامین=Ramin; بیژن=Bijan|Bizhan; حمیدرضا=Hamidreza|Hamid Reza; اکبر=Akbar; عباس=Abbas";

pub const FA_FEMALE: &str = "فاطمه=Fatemeh|Fatima|Fatemah; زهرا=Zahra; مریم=Maryam|Mariam; زینب=Zeinab|Zaynab; معصومه=Masoumeh|Masumeh;
شیرین=Shirin; نرگس=Narges; لیلا=Leila|Layla; مینا=Mina; نسرین=Nasrin; پریسا=Parisa; نازنین=Nazanin; سارا=Sara; الهام=Elham;
مهسا=Mahsa; آزاده=Azadeh; فرزانه=Farzaneh; سپیده=Sepideh; نیلوفر=Niloufar|Nilufar; شهلا=Shahla; پروین=Parvin; طاهره=Tahereh;
سمیرا=Samira; ژیلا=Zhila|Jila; مهناز=Mahnaz";

pub const FA_FAMILY: &str = "محمدی=Mohammadi|Mohamadi; احمدی=Ahmadi; حسینی=Hosseini|Hoseini|Husseini; رضایی=Rezaei|Rezaee|Rezai;
موسوی=Mousavi|Musavi|Moussavi; کریمی=Karimi; حیدری=Heidari|Haidari|Heydari; جعفری=Jafari|Djafari|Jaafari; رحیمی=Rahimi;
صادقی=Sadeghi|Sadeqi; کاظمی=Kazemi|Kazimi; قاسمی=Ghasemi|Qasemi; هاشمی=Hashemi; نوری=Nouri|Nuri; عباسی=Abbasi; اکبری=Akbari;
محمودی=Mahmoudi|Mahmudi; نجفی=Najafi; طاهری=Taheri; امیری=Amiri; یوسفی=Yousefi|Yusefi; صالحی=Salehi; اسدی=Asadi;
ملکی=Maleki; خسروی=Khosravi; زارعی=Zarei|Zare'i; کرمانی=Kermani; تهرانی=Tehrani; شیرازی=Shirazi; اصفهانی=Esfahani|Isfahani;
نوروزی=Norouzi|Nowruzi|Noruzi; فرهادی=Farhadi; باقری=Bagheri|Baqeri; عزیزی=Azizi; مرادی=Moradi|Muradi; قربانی=Ghorbani|Qorbani;
رستمی=Rostami; بهرامی=Bahrami; شریفی=Sharifi; جلالی=Jalali; میرزایی=Mirzaei|Mirzai; سلطانی=Soltani|Sultani;
کریمیان=Karimian; ابراهیمی=Ebrahimi|Ibrahimi; حسن‌زاده=Hassanzadeh|Hasanzadeh; علیزاده=Alizadeh; رحمانی=Rahmani;
پورمحمدی=Pourmohammadi|Purmohammadi; دهقان=Dehghan|Dehqan; نظری=Nazari; قادری=Ghaderi|Qaderi; یزدانی=Yazdani";

// ---------------------------------------------------------------------------------------------
// Turkish

pub const TR_MALE: &str = "Mehmet; Mustafa; Ahmet; Ali; Hüseyin; Hasan; İbrahim; İsmail; Osman; Yusuf; Murat; Ömer; Ramazan;
Halil; Süleyman; Abdullah; Mahmut; Recep; Salih; Fatih; Kadir; Emre; Burak; Serkan; Hakan; Kemal; Orhan; Cem; Okan; Uğur;
Yasin; Tolga; Barış; Gökhan; Çağlar; Onur; Volkan; Sinan; Erkan; Tuncay; Selim; Metin; Levent; Cengiz; Arda; Efe; Emir;
Kerem; Berk; Oğuz; Tarık; Şükrü; Nihat; Zeki; Bülent; İlker; Engin; Ercan; Taner; Yunus";

pub const TR_FEMALE: &str = "Fatma; Ayşe; Emine; Hatice; Zeynep; Elif; Meryem; Şerife; Zehra; Sultan; Hanife; Merve; Özlem; Esra;
Gül; Aysel; Büşra; Derya; Ebru; Gamze; Seda; Sibel; Tuğba; Yasemin; Dilek; Nur; Songül; Hülya; Leyla; Melek; Pınar; Selin;
Deniz; Ecem; İrem; Nazlı; Aylin; Duygu; Burcu; Çiğdem";

pub const TR_FAMILY: &str =
    "Yılmaz; Kaya; Demir; Şahin; Çelik; Yıldız; Yıldırım; Öztürk; Aydın; Özdemir; Arslan; Doğan; Kılıç;
Aslan; Çetin; Kara; Koç; Kurt; Özkan; Şimşek; Polat; Özcan; Korkmaz; Çakır; Yavuz; Can; Acar; Şen; Aktaş; Güler; Yalçın;
Güneş; Bozkurt; Bulut; Keskin; Ünal; Turan; Gül; Özer; Işık; Kaplan; Avcı; Sarı; Tekin; Taş; Köse; Yüksel; Ateş; Aksoy;
Karaca; Uçar; Altun; Erdem; Kaçar; Sönmez; Bayram; Duman; Kocabaş; Uysal; Çiftçi; Güven; Tunç; Akın; Coşkun; Oral;
Karakaya; Başaran; Akgül; Bilgin; Demirci; Gündoğdu; Akbulut; Ekinci; Güngör; Kahraman; Toprak; Çınar; Eren";

// ---------------------------------------------------------------------------------------------
// Chinese: family names (simplified Han = Pinyin|other spellings: Wade–Giles, Cantonese, Hokkien)

pub const ZH_FAMILY: &str = "王=Wang|Wong; 李=Li|Lee; 张=Zhang|Chang|Cheung; 刘=Liu|Lau|Lew; 陈=Chen|Chan|Tan; 杨=Yang|Yeung|Young;
黄=Huang|Wong|Hwang; 赵=Zhao|Chao|Chiu; 吴=Wu|Ng|Woo; 周=Zhou|Chou|Chow; 徐=Xu|Hsu|Tsui; 孙=Sun|Suen; 马=Ma|Mah; 朱=Zhu|Chu|Choo;
胡=Hu|Woo; 郭=Guo|Kuo|Kwok; 何=He|Ho; 林=Lin|Lam|Lim; 高=Gao|Kao|Ko; 罗=Luo|Lo|Law; 郑=Zheng|Cheng|Teh; 梁=Liang|Leung;
谢=Xie|Hsieh|Tse; 宋=Song|Sung; 唐=Tang|Tong; 许=Xu|Hsu|Hui; 韩=Han|Hon; 冯=Feng|Fung; 邓=Deng|Teng|Tang; 曹=Cao|Tsao|Cho;
彭=Peng|Pang; 曾=Zeng|Tseng|Tsang; 肖=Xiao|Hsiao|Siu; 田=Tian|Tien; 董=Dong|Tung; 袁=Yuan|Yuen; 潘=Pan|Poon; 于=Yu|Yue;
蒋=Jiang|Chiang; 蔡=Cai|Tsai|Choi; 余=Yu|Yue|Yee; 杜=Du|Tu|To; 叶=Ye|Yeh|Yip; 程=Cheng|Ching; 苏=Su|Soo; 魏=Wei|Ngai;
吕=Lyu|Lu|Lui|Lv; 丁=Ding|Ting; 任=Ren|Jen|Yam; 沈=Shen|Shum; 姚=Yao|Yiu; 卢=Lu|Lo; 姜=Jiang|Chiang|Keung; 崔=Cui|Tsui|Chui;
钟=Zhong|Chung; 谭=Tan|Tam|Tham; 陆=Lu|Luk; 汪=Wang|Wong; 范=Fan; 金=Jin|Chin|Kam; 石=Shi|Shih|Shek; 廖=Liao|Liu;
贾=Jia|Chia; 夏=Xia|Hsia|Ha; 韦=Wei|Wai; 付=Fu; 方=Fang|Fong; 白=Bai|Pai|Pak; 邹=Zou|Tsou|Chau; 孟=Meng|Mang;
熊=Xiong|Hsiung|Hung; 秦=Qin|Chin|Chun; 邱=Qiu|Chiu|Yau; 江=Jiang|Kong; 尹=Yin|Wan; 薛=Xue|Hsueh|Sit; 闫=Yan|Yim;
段=Duan|Tuan|Tuen; 雷=Lei|Lui; 侯=Hou|Hau; 龙=Long|Lung; 史=Shi|Shih|Sze; 陶=Tao|Tou; 黎=Li|Lai; 贺=He|Ho; 顾=Gu|Ku|Koo;
毛=Mao; 郝=Hao; 龚=Gong|Kung; 邵=Shao|Siu; 万=Wan|Man; 钱=Qian|Chien|Chin; 严=Yan|Yim; 武=Wu|Mo; 戴=Dai|Tai; 莫=Mo|Mok;
孔=Kong|Kung; 向=Xiang|Hsiang; 汤=Tang|Tong";

/// Characters of given names (Han = Pinyin|Wade–Giles or Cantonese syllable).
pub const ZH_GIVEN: &str = "伟=Wei; 芳=Fang; 娜=Na; 敏=Min|Man; 静=Jing|Ching; 丽=Li|Lai; 强=Qiang|Chiang|Keung; 磊=Lei|Lui;
军=Jun|Chun|Kwan; 洋=Yang|Yeung; 勇=Yong|Yung; 艳=Yan|Yen; 杰=Jie|Chieh|Kit; 娟=Juan|Chuan; 涛=Tao|Tou; 明=Ming; 超=Chao|Chiu;
秀=Xiu|Hsiu|Sau; 霞=Xia|Hsia|Ha; 平=Ping; 刚=Gang|Kang|Kong; 桂=Gui|Kuei|Kwai; 英=Ying; 华=Hua|Wah; 建=Jian|Chien|Kin;
国=Guo|Kuo|Kwok; 志=Zhi|Chih|Chi; 文=Wen|Man; 海=Hai|Hoi; 红=Hong|Hung; 玉=Yu|Yuk; 林=Lin|Lam; 金=Jin|Chin|Kam;
春=Chun|Chuen; 东=Dong|Tung; 小=Xiao|Hsiao|Siu; 晓=Xiao|Hsiao|Hiu; 新=Xin|Hsin|San; 庆=Qing|Ching|Hing; 宇=Yu|Yue;
浩=Hao|Ho; 俊=Jun|Chun|Chun; 鹏=Peng|Pang; 辉=Hui|Fai; 斌=Bin|Pin|Pan; 飞=Fei; 鑫=Xin|Hsin; 波=Bo|Po; 宁=Ning|Ling;
嘉=Jia|Chia|Ka; 子=Zi|Tzu|Tsz; 梓=Zi|Tzu; 欣=Xin|Hsin|Yan; 怡=Yi|I; 雪=Xue|Hsueh|Suet; 龙=Long|Lung; 成=Cheng|Shing;
德=De|Te|Tak; 荣=Rong|Jung|Wing; 永=Yong|Yung|Wing; 光=Guang|Kuang|Kwong; 天=Tian|Tien|Tin; 振=Zhen|Chen|Chun;
家=Jia|Chia|Ka; 云=Yun|Wan; 峰=Feng|Fung; 兰=Lan|Laan; 凤=Feng|Fung; 梅=Mei|Mui; 婷=Ting; 慧=Hui|Wai; 佳=Jia|Chia|Kai;
琳=Lin|Lam; 思=Si|Ssu|Sze; 雨=Yu; 博=Bo|Po; 轩=Xuan|Hsuan|Hin; 泽=Ze|Tse|Chak; 睿=Rui|Jui|Yui; 晨=Chen|Sun; 阳=Yang|Yeung;
安=An|On; 世=Shi|Shih|Sai; 忠=Zhong|Chung; 立=Li|Lap; 玲=Ling; 燕=Yan|Yen|Yin; 萍=Ping; 亮=Liang|Leung; 宏=Hong|Hung|Wang";

// ---------------------------------------------------------------------------------------------
// Korean: family names (Hangul = passport spellings), syllables of given names (romanised by rule)

pub const KO_FAMILY: &str =
    "김=Kim|Gim; 이=Lee|Yi|Rhee|I; 박=Park|Pak|Bak; 최=Choi|Choe; 정=Jung|Jeong|Chung; 강=Kang|Gang;
조=Cho|Jo; 윤=Yoon|Yun; 장=Jang|Chang; 임=Lim|Im|Yim; 한=Han; 오=Oh|O; 서=Seo|Suh; 신=Shin|Sin; 권=Kwon|Gwon; 황=Hwang;
안=Ahn|An; 송=Song; 류=Ryu|Yoo|Yu; 전=Jeon|Chun|Jun; 홍=Hong; 고=Ko|Go; 문=Moon|Mun; 양=Yang; 손=Son|Sohn; 배=Bae|Pae;
백=Baek|Paik|Baik; 허=Heo|Huh|Hur; 유=Yoo|Yu; 남=Nam; 심=Sim|Shim; 노=Noh|No|Roh; 하=Ha; 곽=Kwak|Gwak; 성=Sung|Seong;
차=Cha; 주=Joo|Ju|Chu; 우=Woo|U; 구=Koo|Gu|Ku; 민=Min; 진=Jin|Chin; 나=Na|Ra; 지=Ji|Chi; 엄=Eom|Um; 채=Chae;
원=Won; 천=Cheon|Chun; 방=Bang|Pang; 공=Kong|Gong; 현=Hyun|Hyeon";

pub const KO_GIVEN: &str =
    "민 준 서 연 지 현 우 수 영 호 성 진 혜 린 동 재 상 경 정 희 석 태 윤 하 예 도 주 유 건 훈 철 용 미
선 숙 자 순 옥 혁 규 범 원 기 환 광 승 나 빈 아 소 채 시 율 찬 형 대 중 명 국";

// ---------------------------------------------------------------------------------------------
// Japanese (modified Hepburn with macrons; passports drop them or write oh/ou)

pub const JA_MALE: &str = "Hiroshi; Takeshi; Kenji; Kōji; Yūki; Daisuke; Takuya; Shōta; Naoki; Kazuki; Tetsuya; Makoto;
Masaru; Satoshi; Akira; Yūsuke; Ryōta; Kenta; Haruto; Sōta; Ren; Takashi; Minoru; Osamu; Shinji; Tsuyoshi; Kazuo;
Masahiro; Nobuyuki; Hideki; Toshiyuki; Yoshirō; Shūhei; Yūta; Jun; Kōhei; Tatsuya; Ichirō; Jirō; Shin'ichi; Yōsuke;
Kōsuke; Ryō; Shigeru; Tadashi; Yasuhiro; Noboru; Hajime; Kiyoshi; Susumu";

pub const JA_FEMALE: &str =
    "Yuki; Yōko; Keiko; Akiko; Tomoko; Yumiko; Naoko; Kyōko; Sachiko; Hiroko; Megumi; Ayumi; Yui; Aoi;
Haruka; Misaki; Sakura; Mai; Emi; Rie; Kaori; Ayaka; Nanami; Yūko; Mika; Noriko; Junko; Chieko; Mariko; Asuka";

pub const JA_FAMILY: &str = "Satō; Suzuki; Takahashi; Tanaka; Watanabe; Itō; Yamamoto; Nakamura; Kobayashi; Katō; Yoshida; Yamada;
Sasaki; Yamaguchi; Matsumoto; Inoue; Kimura; Hayashi; Shimizu; Yamazaki; Mori; Abe; Ikeda; Hashimoto; Yamashita; Ishikawa;
Nakajima; Maeda; Fujita; Ogawa; Gotō; Okada; Hasegawa; Murakami; Kondō; Ishii; Saitō; Sakamoto; Endō; Aoki; Fujii;
Nishimura; Fukuda; Ōta; Miura; Fujiwara; Okamoto; Matsuda; Nakagawa; Nakano; Harada; Ono; Tamura; Takeuchi; Kaneko; Wada;
Nakayama; Ishida; Ueda; Morita; Hara; Shibata; Sakai; Kudō; Yokoyama; Miyazaki; Miyamoto; Uchida; Takagi; Andō;
Taniguchi; Ōno; Maruyama; Imai; Takada; Fujimoto; Takeda; Murata; Ueno; Sugiyama; Masuda; Sugawara; Hirano; Ōtsuka;
Kojima; Chiba; Kubo; Matsui; Iwasaki; Sakurai; Kinoshita; Noguchi; Matsuo; Nomura; Kikuchi; Sano; Ōnishi; Sugimoto; Arai";

// ---------------------------------------------------------------------------------------------
// Greek (family names: masculine/feminine)

pub const EL_MALE: &str =
    "Γεώργιος; Ιωάννης; Κωνσταντίνος; Δημήτριος; Νικόλαος; Παναγιώτης; Βασίλειος; Χρήστος; Αθανάσιος;
Μιχαήλ; Ευάγγελος; Σπυρίδων; Αντώνιος; Ανδρέας; Ηλίας; Θεόδωρος; Εμμανουήλ; Σταύρος; Αλέξανδρος; Πέτρος; Σωτήριος;
Στέφανος; Γρηγόριος; Απόστολος; Κυριάκος; Άγγελος; Παύλος; Φώτιος; Λεωνίδας; Στυλιανός; Θωμάς; Μάριος; Αριστοτέλης";

pub const EL_FEMALE: &str = "Μαρία; Ελένη; Αικατερίνη; Βασιλική; Σοφία; Αγγελική; Γεωργία; Δήμητρα; Κωνσταντίνα; Παρασκευή;
Ευαγγελία; Ιωάννα; Χριστίνα; Αναστασία; Ειρήνη; Θεοδώρα; Αθανασία; Νικολέτα; Φωτεινή; Ζωή; Δέσποινα; Σταυρούλα; Χαρίκλεια";

pub const EL_FAMILY: &str =
    "Παπαδόπουλος/Παπαδοπούλου; Παπαδάκης/Παπαδάκη; Γεωργίου; Οικονόμου; Νικολάου; Παπαγεωργίου;
Βασιλείου; Ιωάννου; Κωνσταντίνου; Δημητρίου; Αντωνίου; Μακρής/Μακρή; Παπανικολάου; Καραγιάννης/Καραγιάννη;
Γεωργιάδης/Γεωργιάδου; Αθανασίου; Πετρίδης/Πετρίδου; Χριστοδούλου; Αλεξίου; Σταθόπουλος/Σταθοπούλου;
Κωνσταντινίδης/Κωνσταντινίδου; Παππάς/Παππά; Μαυρίδης/Μαυρίδου; Λαμπρόπουλος/Λαμπροπούλου; Αναστασίου;
Παπαδημητρίου; Κυριακίδης/Κυριακίδου; Βλάχος/Βλάχου; Αγγελόπουλος/Αγγελοπούλου; Ζαχαρίου; Μιχαηλίδης/Μιχαηλίδου;
Κατσαρός/Κατσαρού; Σαββίδης/Σαββίδου; Παναγιωτόπουλος/Παναγιωτοπούλου; Δημόπουλος/Δημοπούλου; Τσιάρας/Τσιάρα;
Ραφαηλίδης/Ραφαηλίδου; Χατζηγεωργίου; Κουτσούκος/Κουτσούκου; Μπακάλης/Μπακάλη; Ντόκος/Ντόκου; Γκίκας/Γκίκα;
Σπυρόπουλος/Σπυροπούλου; Κωστόπουλος/Κωστοπούλου; Καλογεράκης/Καλογεράκη; Πολυχρόνης/Πολυχρόνη; Θεοδωρίδης/Θεοδωρίδου;
Ευθυμίου; Μαργαρίτης/Μαργαρίτη; Φραγκιαδάκης/Φραγκιαδάκη";

// ---------------------------------------------------------------------------------------------
// Georgian

pub const KA_MALE: &str =
    "გიორგი; დავით; ლევან; ნიკოლოზ; ზურაბ; ირაკლი; ალექსანდრე; გიგა; ლაშა; დიმიტრი; ვახტანგ; თამაზ; გოგა;
მამუკა; ბესიკ; კახა; ზვიად; ნოდარ; შოთა; ტარიელ; მერაბ; ილია; ლუკა; სანდრო; დათო; თორნიკე; ბექა; ოთარ; რევაზ; გურამ;
ვლადიმერ; ნიკა; ზაზა; ჯემალ; ავთანდილ; ბადრი; გელა; მიხეილ; ტიტე; ლადო";

pub const KA_FEMALE: &str =
    "ნინო; მარიამ; თამარ; ეკატერინე; ნათია; სალომე; ანა; ქეთევან; ხატია; მაია; ლელა; ნანა; ეკა; თეა;
ნატო; სოფიო; ელენე; ლიკა; მანანა; ირმა; ნესტან; თინათინ; ლალი; ციცინო; მზია";

pub const KA_FAMILY: &str =
    "ბერიძე; კაპანაძე; გელაშვილი; მაისურაძე; გიორგაძე; ლომიძე; წიკლაური; ბოლქვაძე; ნოზაძე; ხუციშვილი;
შენგელია; ჯაფარიძე; კვარაცხელია; ბაქრაძე; ჩიქოვანი; ჯავახიშვილი; ცხადაძე; მელაძე; ღლონტი; ქავთარაძე; ხარაიშვილი;
ალავერდაშვილი; დავითაშვილი; ნიკოლაიშვილი; ბაღდავაძე; გოგოლაძე; კობახიძე; მჭედლიშვილი; ლორთქიფანიძე; გაბუნია; თოდუა;
ჯანელიძე; სურმავა; ქარჩავა; ქობალია; კაკაბაძე; ხარაძე; ტაბატაძე; კიკნაძე; გვარამია; ნადირაძე; აბაშიძე; ჩხეიძე;
მამულაშვილი; გოგიჩაიშვილი; ტყეშელაშვილი; ხოშტარია; კვიციანი; ცერცვაძე; ფირცხალავა; ჭანტურია; სიხარულიძე; ლეჟავა;
მიქაძე; კირვალიძე; ბუაძე; ჩაჩანიძე; გურგენიძე; ჯიქია; ოქროპირიძე";

// ---------------------------------------------------------------------------------------------
// Armenian (Eastern)

pub const HY_MALE: &str =
    "Արմեն; Հայկ; Դավիթ; Տիգրան; Արամ; Գագիկ; Սարգիս; Վահե; Արթուր; Նարեկ; Գևորգ; Հովհաննես; Կարեն;
Արտակ; Սամվել; Ռուբեն; Աշոտ; Վարդան; Էդգար; Հրանտ; Գրիգոր; Մհեր; Արսեն; Վազգեն; Արման; Ալեքսան; Հակոբ; Մարտին;
Արշակ; Սուրեն; Լևոն; Արտյոմ; Էրիկ; Վաչագան; Գոռ";

pub const HY_FEMALE: &str =
    "Անի; Մարիամ; Նունե; Լիլիթ; Գայանե; Անահիտ; Սիրանուշ; Արմինե; Աննա; Լուսինե; Նարինե; Հասմիկ; Մարինե;
Տաթևիկ; Սոնա; Զարուհի; Կարինե; Գոհար; Շուշան; Աստղիկ; Մանե; Էլեն; Սեդա";

pub const HY_FAMILY: &str =
    "Հովհաննիսյան; Գրիգորյան; Սարգսյան; Հարությունյան; Խաչատրյան; Պետրոսյան; Վարդանյան; Ավետիսյան;
Կարապետյան; Մկրտչյան; Հակոբյան; Գևորգյան; Մարտիրոսյան; Ղազարյան; Ստեփանյան; Մանուկյան; Սահակյան; Առաքելյան; Պողոսյան;
Դավթյան; Ավագյան; Ալեքսանյան; Մելքոնյան; Բաղդասարյան; Եղիազարյան; Օհանյան; Մովսիսյան; Համբարձումյան; Կիրակոսյան;
Աբրահամյան; Զաքարյան; Մինասյան; Սիմոնյան; Թադևոսյան; Ներսիսյան; Ասատրյան; Մարգարյան; Գասպարյան; Ադամյան; Բաբայան;
Թորոսյան; Իսրայելյան; Ավանեսյան; Մուրադյան; Հայրապետյան; Գալստյան; Սաֆարյան; Վասիլյան; Ոսկանյան; Երեմյան";

// ---------------------------------------------------------------------------------------------
// Spanish and Latin American

pub const ES_MALE: &str = "José; Juan; Carlos; Luis; Jorge; Miguel; Francisco; Antonio; Manuel; Pedro; Alejandro; Javier;
Fernando; Ricardo; Roberto; Eduardo; Daniel; David; Sergio; Andrés; Diego; Raúl; Óscar; Jesús; Héctor; Mario; Rafael;
Pablo; Alberto; Enrique; Víctor; Ramón; Julio; Arturo; Gustavo; Hugo; Rubén; Martín; Santiago; Mateo; Sebastián; Nicolás;
Gabriel; Emilio; Ignacio; Alfonso; Guillermo; Marco; César; Gerardo; Salvador; Rodrigo; Felipe; Cristian; Edwin; Wilson;
Kevin; Brayan; Jonathan; Ernesto; Armando; Rolando; Orlando; Iván; Joaquín; Agustín; Adrián; Álvaro; Gonzalo";

pub const ES_FEMALE: &str =
    "María; Carmen; Ana; Laura; Isabel; Lucía; Marta; Patricia; Rosa; Elena; Sofía; Paula; Andrea;
Claudia; Gabriela; Valentina; Camila; Daniela; Alejandra; Verónica; Adriana; Mónica; Silvia; Guadalupe; Teresa; Beatriz;
Juana; Lorena; Natalia; Carolina; Mariana; Fernanda; Ximena; Yesenia; Karla; Luz; Pilar; Dolores; Rocío; Esperanza";

pub const ES_FAMILY: &str = "García; Rodríguez; González; Fernández; López; Martínez; Sánchez; Pérez; Gómez; Martín; Jiménez;
Ruiz; Hernández; Díaz; Moreno; Muñoz; Álvarez; Romero; Alonso; Gutiérrez; Navarro; Torres; Domínguez; Vázquez; Ramos;
Gil; Ramírez; Serrano; Blanco; Molina; Morales; Suárez; Ortega; Delgado; Castro; Ortiz; Rubio; Marín; Sanz; Núñez;
Iglesias; Medina; Garrido; Cortés; Castillo; Santos; Lozano; Guerrero; Cano; Prieto; Méndez; Cruz; Calvo; Gallego; Vidal;
León; Márquez; Herrera; Peña; Flores; Cabrera; Campos; Vega; Fuentes; Carrasco; Diez; Reyes; Caballero; Nieto; Aguilar;
Pascual; Santana; Herrero; Montero; Lorenzo; Hidalgo; Giménez; Ibáñez; Ferrer; Durán; Benítez; Vargas; Mora; Vicente;
Arias; Carmona; Crespo; Román; Pastor; Soto; Sáez; Velasco; Moya; Soler; Parra; Esteban; Bravo; Gallardo; Rojas; Pineda;
Mejía; Salazar; Rivera; Chávez; Mendoza; Quintero; Orozco; Zapata; Valencia; Cárdenas; Ochoa; Villanueva; Figueroa;
Espinoza; Aguirre; Paredes; Cisneros; Montoya; Maldonado; Salinas; Juárez; Acosta; Rosales; Sandoval; Contreras;
Valdez; de_la_Cruz; del_Río; de_León";

// ---------------------------------------------------------------------------------------------
// Portuguese and Brazilian

pub const PT_MALE: &str =
    "João; José; António; Francisco; Carlos; Paulo; Pedro; Luís; Manuel; Miguel; Rui; Jorge; Ricardo;
Nuno; Tiago; Bruno; André; Rafael; Gabriel; Lucas; Mateus; Gustavo; Felipe; Rodrigo; Leonardo; Marcelo; Fábio; Márcio;
Sérgio; Eduardo; Thiago; Diego; Vinícius; Guilherme; Henrique; Leandro; Renato; Roberto; Fernando; Alexandre;
Wellington; Anderson; Cláudio; Júlio; Raimundo; Sebastião; Joaquim; Luiz; Fabrício; Antônio";

pub const PT_FEMALE: &str =
    "Maria; Ana; Francisca; Antônia; Adriana; Juliana; Márcia; Fernanda; Patrícia; Aline; Sandra;
Camila; Amanda; Bruna; Jéssica; Letícia; Júlia; Luciana; Vanessa; Mariana; Gabriela; Vitória; Larissa; Beatriz; Raquel;
Conceição; Fátima; Rosângela; Tânia; Cristina; Inês; Joana; Sofia";

pub const PT_FAMILY: &str =
    "Silva; Santos; Oliveira; Souza; Rodrigues; Ferreira; Alves; Pereira; Lima; Gomes; Costa; Ribeiro;
Martins; Carvalho; Almeida; Lopes; Soares; Fernandes; Vieira; Barbosa; Rocha; Dias; Nascimento; Andrade; Moreira;
Nunes; Marques; Machado; Mendes; Freitas; Cardoso; Ramos; Gonçalves; Santana; Teixeira; Araújo; Pinto; Correia;
Monteiro; Moura; Cavalcanti; Azevedo; Cunha; Campos; Batista; Reis; Castro; Sousa; Coelho; Magalhães; Fonseca;
Brandão; Farias; Pires; Medeiros; Bezerra; Xavier; Miranda; Borges; Leite; Mota; Nogueira; Queiroz; Tavares;
Guimarães; Matos; Pacheco; Figueiredo; Siqueira; da_Silva; dos_Santos; de_Oliveira; de_Souza; da_Costa; de_Jesus";

// ---------------------------------------------------------------------------------------------
// English (United Kingdom, United States, Australia, Nigeria's and India's English names elsewhere)

pub const EN_MALE: &str =
    "James; John; Robert; Michael; William; David; Richard; Joseph; Thomas; Charles; Christopher; Daniel;
Matthew; Anthony; Mark; Donald; Steven; Paul; Andrew; Joshua; Kenneth; Kevin; Brian; George; Timothy; Ronald; Edward;
Jason; Jeffrey; Ryan; Jacob; Gary; Nicholas; Eric; Jonathan; Stephen; Larry; Justin; Scott; Brandon; Benjamin; Samuel;
Gregory; Alexander; Patrick; Frank; Raymond; Jack; Dennis; Jerry; Tyler; Aaron; Henry; Douglas; Peter; Adam; Nathan;
Zachary; Walter; Kyle; Harold; Carl; Jeremy; Keith; Roger; Gerald; Ethan; Arthur; Terry; Christian; Sean; Lawrence;
Austin; Noah; Jesse; Albert; Bryan; Bruce; Jordan; Dylan; Alan; Ralph; Gabriel; Roy; Liam; Oliver; Harry; Callum";

pub const EN_FEMALE: &str =
    "Mary; Patricia; Jennifer; Linda; Elizabeth; Barbara; Susan; Jessica; Sarah; Karen; Lisa; Nancy;
Betty; Sandra; Margaret; Ashley; Kimberly; Emily; Donna; Michelle; Carol; Amanda; Melissa; Deborah; Stephanie; Dorothy;
Rebecca; Sharon; Laura; Cynthia; Amy; Kathleen; Angela; Shirley; Brenda; Emma; Anna; Pamela; Nicole; Samantha;
Katherine; Christine; Helen; Debra; Rachel; Carolyn; Janet; Catherine; Heather; Olivia; Sophie; Charlotte; Chloe";

pub const EN_FAMILY: &str =
    "Smith; Johnson; Williams; Brown; Jones; Miller; Davis; Wilson; Anderson; Taylor; Thomas; Moore;
Jackson; Martin; Lee; Thompson; White; Harris; Clark; Lewis; Robinson; Walker; Young; Allen; King; Wright; Scott; Hill;
Green; Adams; Baker; Nelson; Carter; Mitchell; Roberts; Turner; Phillips; Campbell; Parker; Evans; Edwards; Collins;
Stewart; Morris; Murphy; Cook; Rogers; Morgan; Cooper; Peterson; Bailey; Reed; Kelly; Howard; Cox; Ward; Richardson;
Watson; Brooks; Wood; James; Bennett; Gray; Hughes; Price; Sanders; Myers; Long; Ross; Foster; Powell; Jenkins; Perry;
Russell; Sullivan; Bell; Coleman; Butler; Henderson; Barnes; Fisher; Graham; Hamilton; Wallace; Griffin; West; Cole;
Hayes; Gibson; Ellis; Stevens; Murray; Ford; Marshall; Owens; McDonald; Harrison; Kennedy; Wells; O'Brien; O'Connor;
MacLeod; Fitzgerald; Davies; Hall; Wilkinson; Patterson; Crawford; Hunt; Palmer; Robertson; Hughes; Mason; Fletcher";

// ---------------------------------------------------------------------------------------------
// French

pub const FR_MALE: &str =
    "Jean; Pierre; Michel; André; Philippe; Alain; Jacques; Bernard; Nicolas; Christophe; Patrick; Daniel;
Frédéric; Laurent; Stéphane; Olivier; Éric; Thierry; David; Sébastien; Julien; Christian; François; Pascal; Dominique;
Vincent; Guillaume; Thomas; Maxime; Antoine; Alexandre; Mathieu; Romain; Jérôme; Benoît; Gilles; Yves; Didier; Hugo;
Lucas; Louis; Théo; Raphaël; Gabriel; Arthur; Jean-Pierre; Jean-Claude; Jean-Luc; Jean-Marc; Jean-Paul; Jean-François;
Cédric; Grégory; Fabrice; Loïc; Mickaël; Rémi; Aurélien; Baptiste; Clément";

pub const FR_FEMALE: &str = "Marie; Nathalie; Isabelle; Sylvie; Catherine; Françoise; Christine; Monique; Valérie; Sandrine; Sophie;
Céline; Véronique; Stéphanie; Nicole; Chantal; Aurélie; Camille; Julie; Émilie; Chloé; Léa; Manon; Inès; Élodie; Hélène;
Anne; Marie-Claude; Marie-Christine; Anne-Marie; Brigitte; Martine; Florence; Mélanie; Laetitia; Gaëlle; Margaux; Maëlle";

pub const FR_FAMILY: &str =
    "Martin; Bernard; Thomas; Petit; Robert; Richard; Durand; Dubois; Moreau; Laurent; Simon; Michel;
Lefèvre; Leroy; Roux; David; Bertrand; Morel; Fournier; Girard; Bonnet; Dupont; Lambert; Fontaine; Rousseau; Vincent;
Muller; Lefebvre; Faure; André; Mercier; Blanc; Guérin; Boyer; Garnier; Chevalier; François; Legrand; Gauthier; Garcia;
Perrin; Robin; Clément; Morin; Nicolas; Henry; Roussel; Mathieu; Gautier; Masson; Marchand; Duval; Denis; Dumont; Marie;
Lemaire; Noël; Meyer; Dufour; Meunier; Brun; Blanchard; Giraud; Joly; Rivière; Lucas; Brunet; Gaillard; Barbier; Arnaud;
Martinez; Gérard; Roche; Renard; Schmitt; Roy; Leroux; Colin; Vidal; Caron; Picard; Roger; Fabre; Aubert; Lemoine;
Renaud; Dumas; Lacroix; Olivier; Philippe; Bourgeois; Pierre; Benoît; Rey; Leclerc; Payet; Rolland; Leclercq; Guillaume;
Lecomte; Dupuy; Guillot; Hubert; Berger; Carpentier; Dupuis; Moulin; Deschamps; Huet; Vasseur; Boucher; Fleury; Royer;
Klein; Jacquet; Poirier; Marty; Aubry; Guyot; Carré; Charpentier; Ménard; Maillard; Baron; Bertin; Bailly; Hervé;
Le_Gall; Le_Roux; Le_Goff; Prévost; Perrot; Langlois; Pelletier; Lévêque; Leblanc; Lebrun; Boulanger; Michaud; Étienne";

// ---------------------------------------------------------------------------------------------
// German (Germany, Austria, Switzerland)

pub const DE_MALE: &str =
    "Thomas; Michael; Andreas; Stefan; Peter; Klaus; Wolfgang; Jürgen; Frank; Uwe; Christian; Matthias;
Markus; Martin; Bernd; Ralf; Dieter; Hans; Günter; Werner; Manfred; Helmut; Horst; Gerhard; Heinz; Karl-Heinz; Jörg;
Dirk; Sven; Tobias; Florian; Sebastian; Jan; Lukas; Felix; Maximilian; Jonas; Leon; Paul; Niklas; Tim; Moritz; Fabian;
Björn; Kai; Rüdiger; Götz; Jens; Holger; Rolf; Reinhard; Friedrich; Ernst; Kurt; Lothar";

pub const DE_FEMALE: &str =
    "Sabine; Petra; Monika; Andrea; Claudia; Susanne; Birgit; Stefanie; Ursula; Renate; Karin; Heike;
Angelika; Gabriele; Martina; Katrin; Anja; Julia; Sandra; Nicole; Jana; Laura; Lea; Hannah; Sophie; Anna; Lena; Jutta;
Brigitte; Ingrid; Gisela; Helga; Doris; Bärbel; Marlies; Dörte; Käthe; Silke; Antje";

pub const DE_FAMILY: &str =
    "Müller; Schmidt; Schneider; Fischer; Weber; Meyer; Wagner; Becker; Schulz; Hoffmann; Schäfer; Koch;
Bauer; Richter; Klein; Wolf; Schröder; Neumann; Schwarz; Zimmermann; Braun; Krüger; Hofmann; Hartmann; Lange; Schmitt;
Werner; Schmitz; Krause; Meier; Lehmann; Schmid; Schulze; Maier; Köhler; Herrmann; König; Walter; Mayer; Huber; Kaiser;
Fuchs; Peters; Lang; Scholz; Möller; Weiß; Jung; Hahn; Schubert; Vogel; Friedrich; Keller; Günther; Frank; Berger;
Winkler; Roth; Beck; Lorenz; Baumann; Franke; Albrecht; Schuster; Simon; Ludwig; Böhm; Winter; Kraus; Martin;
Schumacher; Krämer; Vogt; Stein; Jäger; Otto; Sommer; Groß; Seidel; Heinrich; Brandt; Haas; Schreiber; Graf; Schulte;
Dietrich; Ziegler; Kuhn; Kühn; Pohl; Engel; Horn; Busch; Bergmann; Voigt; Sauer; Arnold; Wolff; Pfeiffer; Wendt;
Gärtner; Straub; Brückner; Förster; Nagel; Wirth; Haase; Schütz; Meißner; Böttcher; Dörr; Dreßler";

// ---------------------------------------------------------------------------------------------
// Indian (Latin, as Indian passports write names)

pub const IN_MALE: &str =
    "Rahul; Amit; Rajesh; Suresh; Ramesh; Sanjay; Vijay; Anil; Sunil; Manoj; Ajay; Deepak; Vikram; Arjun;
Rohit; Sachin; Rakesh; Mahesh; Ashok; Ravi; Arun; Pradeep; Sandeep; Vinod; Mukesh; Prakash; Santosh; Dinesh; Naresh;
Ganesh; Gopal; Krishna; Srinivas; Venkatesh; Harish; Nitin; Vivek; Anand; Alok; Abhishek; Ankit; Gaurav; Karan; Kunal;
Manish; Naveen; Pankaj; Praveen; Rajendra; Satish; Siddharth; Sudhir; Tarun; Varun; Yogesh; Imran; Mohammed; Gurpreet;
Harpreet; Jaspreet; Balwinder; Raghav; Aditya; Akshay";

pub const IN_FEMALE: &str =
    "Priya; Sunita; Anita; Kavita; Pooja; Neha; Anjali; Deepika; Lakshmi; Meena; Rekha; Sarita; Geeta;
Asha; Usha; Shweta; Swati; Divya; Nisha; Ritu; Pallavi; Shalini; Sneha; Aishwarya; Kiran; Manju; Radha; Savita; Jyoti;
Preeti; Harpreet; Simran; Fatima; Ayesha";

pub const IN_MIDDLE_MALE: &str = "Kumar; Prasad; Lal; Chand; Nath; Singh; Kumar; Mohan; Pal; Raj";
pub const IN_MIDDLE_FEMALE: &str = "Kumari; Devi; Rani; Kaur; Bai";

pub const IN_FAMILY: &str =
    "Sharma; Singh; Kumar; Patel; Gupta; Reddy; Rao; Verma; Yadav; Shah; Mehta; Jain; Agarwal; Iyer;
Nair; Menon; Pillai; Das; Bose; Banerjee; Chatterjee; Mukherjee; Chaudhary; Mishra; Pandey; Tiwari; Dubey; Srivastava;
Saxena; Joshi; Desai; Kulkarni; Deshpande; Patil; Pawar; Jadhav; Naidu; Krishnan; Subramanian; Ghosh; Sinha; Thakur;
Malhotra; Kapoor; Khanna; Bhatia; Sethi; Arora; Gill; Sandhu; Dhillon; Grewal; Bhatt; Trivedi; Chauhan; Rathore;
Rajput; Khan; Ansari; Qureshi; Shaikh; Mondal; Sarkar; Dutta; Sen; Roy; Goswami; Hegde; Shetty; Kamath; Gowda; Naik;
Mahajan; Bhardwaj; Tripathi; Shukla; Dwivedi; Awasthi; Choudhury; Varghese; Thomas; Fernandes; D'Souza";

// ---------------------------------------------------------------------------------------------
// Nigerian (Yoruba, Igbo, Hausa, Efik/Ibibio and English given names)

pub const NG_MALE: &str =
    "Emmanuel; Ibrahim; Musa; Abubakar; Chinedu; Oluwaseun; Adebayo; Samuel; Daniel; Chukwuemeka; Obinna;
Olumide; Adewale; Babatunde; Nnamdi; Ikechukwu; Emeka; Uchenna; Aminu; Usman; Sani; Bashir; Yakubu; Suleiman; Aliyu;
Oluwatobi; Ayodele; Kayode; Olusegun; Temitope; Femi; Tunde; Segun; Gbenga; Damilola; Chidi; Kelechi; Ifeanyi; Chibuike;
Onyekachi; Okechukwu; Chijioke; Godwin; Sunday; Friday; Peter; John; Michael; Joseph; Garba; Lawal; Murtala; Nasiru;
Umar; Abiodun; Oluwafemi; Ekene; Tochukwu";

pub const NG_FEMALE: &str =
    "Blessing; Ngozi; Chiamaka; Adaeze; Ifeoma; Nneka; Chioma; Amaka; Uju; Oluwakemi; Folake; Funmilayo;
Yetunde; Titilayo; Bukola; Adenike; Aisha; Hauwa; Zainab; Fatima; Amina; Grace; Joy; Mercy; Comfort; Esther; Patience;
Precious; Abimbola; Temitope; Oluwadamilare; Ebere";

pub const NG_FAMILY: &str =
    "Okafor; Okonkwo; Eze; Nwosu; Okeke; Obi; Nwachukwu; Onyeka; Chukwu; Okoro; Nnadi; Okwu; Ibe; Uche;
Anyanwu; Ogbu; Agu; Adeyemi; Ogunleye; Adebayo; Olawale; Ogunbiyi; Oyelaran; Adeleke; Akinola; Babalola; Bamidele;
Ogundipe; Oladipo; Olaniyan; Oyewole; Ajayi; Afolabi; Balogun; Oyinlola; Adewale; Bello; Abubakar; Mohammed; Ibrahim;
Yusuf; Suleiman; Danjuma; Shehu; Abdullahi; Garba; Aliyu; Lawal; Usman; Tanko; Etim; Okon; Effiong; Bassey; Edet;
Akpan; Udo; Ekpo; Obiora; Nwankwo; Ezeh; Okoye; Onuoha; Uzoma; Adeniyi; Olatunji; Fashola; Ogunbanjo";

// ---------------------------------------------------------------------------------------------
// Vietnamese (family, middle, given; written family first)

pub const VI_FAMILY: &str =
    "Nguyễn; Trần; Lê; Phạm; Hoàng; Huỳnh; Phan; Vũ; Võ; Đặng; Bùi; Đỗ; Hồ; Ngô; Dương; Lý; Đào;
Đinh; Lâm; Mai; Trương; Cao; Lương; Tạ; Hà; Tô; Châu; Quách; Kiều; Đoàn";

pub const VI_MIDDLE_MALE: &str =
    "Văn; Đức; Minh; Hữu; Quốc; Thanh; Xuân; Công; Đình; Thành; Hoàng; Bảo; Gia; Tuấn; Ngọc";
pub const VI_MIDDLE_FEMALE: &str = "Thị; Ngọc; Thanh; Kim; Mỹ; Thu; Phương; Bích; Hồng; Minh";

pub const VI_MALE: &str =
    "An; Anh; Bảo; Bình; Cường; Dũng; Duy; Dương; Giang; Hải; Hiếu; Hòa; Hoàng; Hùng; Hưng; Huy; Khánh;
Khoa; Lâm; Long; Minh; Nam; Phong; Phúc; Quân; Quang; Sơn; Tâm; Thắng; Thanh; Thịnh; Tiến; Trí; Trung; Tú; Tuấn; Tùng;
Việt; Vinh; Vũ; Đạt; Đức; Hậu; Kiên; Lộc; Nghĩa; Nhân; Tài; Thái; Toàn";

pub const VI_FEMALE: &str =
    "Anh; Châu; Chi; Giang; Hà; Hạnh; Hoa; Hương; Huyền; Lan; Linh; Loan; Mai; Nga; Ngọc; Nhung; Phương;
Thảo; Thu; Thủy; Trang; Uyên; Vân; Xuân; Yến; Diệp; Hằng; Liên; My; Oanh; Quyên; Tuyết; Trinh; Vy";
